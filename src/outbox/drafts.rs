//! Each prompt's unsent form, saved atomically in the data dir.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::OutboxError;

/// The compose form of one prompt, as last edited.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// The prompt the form belongs to.
    pub prompt_id: String,
    /// The output being logged, verbatim.
    pub output: String,
    /// The model field.
    pub model: String,
    /// The score field, if set.
    pub score: Option<i64>,
    /// The notes field.
    pub notes: String,
}

impl Draft {
    /// Whether the draft holds nothing worth keeping (the model alone is not).
    #[must_use]
    pub fn is_blank(&self) -> bool {
        self.output.is_empty() && self.notes.is_empty() && self.score.is_none()
    }
}

/// The drafts folder of a data dir.
#[derive(Debug, Clone)]
pub struct Drafts {
    dir: PathBuf,
}

impl Drafts {
    /// The drafts kept under `data_dir`.
    #[must_use]
    pub fn new(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.join("drafts"),
        }
    }

    fn file(&self, prompt_id: &str) -> PathBuf {
        self.dir
            .join(format!("{}.json", super::file_stem(prompt_id)))
    }

    /// Saves `draft` (temp file, fsync, rename); a blank draft removes the file.
    ///
    /// # Errors
    /// Any I/O error (disk full, read-only folder).
    pub fn save(&self, draft: &Draft) -> Result<(), OutboxError> {
        if draft.is_blank() {
            return self.remove(&draft.prompt_id);
        }
        let path = self.file(&draft.prompt_id);
        super::write_file(&path, &super::to_json(&path, draft)?)
    }

    /// Removes the draft of `prompt_id`, if there is one.
    ///
    /// # Errors
    /// Any I/O error but not-found.
    pub fn remove(&self, prompt_id: &str) -> Result<(), OutboxError> {
        super::remove_if_present(&self.file(prompt_id))
    }

    /// Every saved draft, by prompt id; unreadable files are skipped and kept.
    ///
    /// # Errors
    /// When the folder exists but cannot be read.
    pub fn load_all(&self) -> Result<Vec<Draft>, OutboxError> {
        let mut drafts: Vec<Draft> = super::read_json_dir(&self.dir)?;
        drafts.sort_by(|a, b| a.prompt_id.cmp(&b.prompt_id));
        Ok(drafts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn save_load_remove() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(dir.path());
        let d = Draft {
            prompt_id: "prm_1".into(),
            output: "line one\nline two \u{1b}[31m 🎉".into(),
            model: "gpt-4o".into(),
            score: Some(7),
            notes: "n".into(),
        };
        drafts.save(&d).unwrap();
        assert_eq!(drafts.load_all().unwrap(), vec![d.clone()]);
        drafts
            .save(&Draft {
                output: String::new(),
                notes: String::new(),
                score: None,
                ..d
            })
            .unwrap();
        assert!(drafts.load_all().unwrap().is_empty());
        drafts.remove("prm_1").unwrap();
    }

    #[test]
    fn unwritable_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the folder should be: fails for root too, unlike modes.
        fs::write(dir.path().join("drafts"), b"").unwrap();
        let drafts = Drafts::new(dir.path());
        let d = Draft {
            prompt_id: "p".into(),
            output: "x".into(),
            ..Draft::default()
        };
        assert!(drafts.save(&d).is_err());
        assert!(drafts.load_all().is_err());
    }
}
