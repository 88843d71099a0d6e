//! Key bindings as data: the user's `[keys]` table (context -> action ->
//! keys), checked for shape, and merged over a default table. The TUI owns
//! the default table and the meaning of each context and action name.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::value::{KeyList, KeySpec};

/// Bindings by context, then by action: the keys of each action. An empty
/// list means the action is unbound.
pub type KeyTable = BTreeMap<String, BTreeMap<String, Vec<KeySpec>>>;

/// The `[keys]` table as the file writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct KeyOverrides(pub BTreeMap<Name, BTreeMap<Name, KeyList>>);

/// A context or action name: lower-case words joined by `_` or `-`
/// (`log_detail` and `log-detail` name the same context).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Name(pub String);

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let ok = !s.is_empty()
            && !s.starts_with('-')
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if ok {
            Ok(Self(s))
        } else {
            Err(serde::de::Error::custom(format!(
                "{s:?} is not a name like \"global\" or \"open_editor\" (lower-case words joined by _)"
            )))
        }
    }
}

impl KeyOverrides {
    /// The overrides as a [`KeyTable`].
    #[must_use]
    pub fn table(&self) -> KeyTable {
        self.0
            .iter()
            .map(|(ctx, actions)| {
                let actions = actions
                    .iter()
                    .map(|(a, keys)| (a.0.clone(), keys.0.clone()))
                    .collect();
                (ctx.0.clone(), actions)
            })
            .collect()
    }

    /// Whether the file named no binding.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.values().all(BTreeMap::is_empty)
    }
}

/// `defaults` with each action that `overrides` names replaced by the keys
/// given there (an empty list unbinds it). Contexts and actions the user
/// does not name keep their default keys; names the defaults lack are kept
/// too, for the TUI to report.
#[must_use]
pub fn merge(defaults: &KeyTable, overrides: &KeyTable) -> KeyTable {
    let mut out = defaults.clone();
    for (ctx, actions) in overrides {
        let slot = out.entry(ctx.clone()).or_default();
        for (action, keys) in actions {
            slot.insert(action.clone(), keys.clone());
        }
    }
    out
}
