//! What the main screen remembers across restarts, in the data dir: the
//! last prompt shown, and the model last typed for each prompt.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::paths;

/// The remembered places.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Recall {
    /// The prompt shown when the TUI last ended.
    pub last_prompt: Option<String>,
    /// The model last in each prompt's form, by prompt id.
    pub models: BTreeMap<String, String>,
}

fn file(data_dir: &Path) -> PathBuf {
    data_dir.join("tui-state.json")
}

impl Recall {
    /// What `data_dir` remembers; nothing when the file is missing or unreadable.
    #[must_use]
    pub fn load(data_dir: &Path) -> Self {
        match paths::read_optional(&file(data_dir)) {
            Ok(Some(text)) => serde_json::from_str(&text).unwrap_or_else(|e| {
                tracing::warn!("ignoring the unreadable {}: {e}", file(data_dir).display());
                Self::default()
            }),
            Ok(None) => Self::default(),
            Err(e) => {
                tracing::warn!("cannot read {}: {e}", file(data_dir).display());
                Self::default()
            }
        }
    }

    /// Writes it to `data_dir`.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn save(&self, data_dir: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        paths::write_private(&file(data_dir), &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_reads_back_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Recall::load(dir.path()), Recall::default());
        let mut r = Recall {
            last_prompt: Some("prm_1".into()),
            ..Recall::default()
        };
        r.models.insert("prm_1".into(), "gpt-4o-mini".into());
        r.save(dir.path()).unwrap();
        assert_eq!(Recall::load(dir.path()), r);
        std::fs::write(dir.path().join("tui-state.json"), "not json").unwrap();
        assert_eq!(Recall::load(dir.path()), Recall::default());
    }
}
