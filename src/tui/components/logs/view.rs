//! Which of a prompt's logs the pane shows and in what order: the `/`
//! search (model, output, notes), the sort (`s`: newest, score, model) and
//! the model filter (`f` cycles the models).

/// The order of the rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Newest first.
    #[default]
    Newest,
    /// Highest score first, unscored last.
    Score,
    /// By model name, newest first within a model.
    Model,
}

impl Sort {
    /// The next sort in the cycle.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Newest => Self::Score,
            Self::Score => Self::Model,
            Self::Model => Self::Newest,
        }
    }

    /// Its name in the pane's title.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Score => "score",
            Self::Model => "model",
        }
    }
}

/// What narrows and orders the rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    /// The search text (empty: no search).
    pub query: String,
    /// The sort.
    pub sort: Sort,
    /// Only this model's logs, if set.
    pub model: Option<String>,
}

impl View {
    /// Whether anything narrows the rows.
    #[must_use]
    pub fn narrows(&self) -> bool {
        !self.query.is_empty() || self.model.is_some()
    }

    /// Whether the rows shown depend on every log of the prompt (a search,
    /// a filter, or a sort other than newest first): a partial list then
    /// loads the rest.
    #[must_use]
    pub fn needs_all(&self) -> bool {
        self.narrows() || self.sort != Sort::Newest
    }

    /// What the pane is doing with the rows while older ones load:
    /// "searching", "filtering" or "sorting".
    #[must_use]
    pub fn doing(&self) -> &'static str {
        if !self.query.is_empty() {
            "searching"
        } else if self.model.is_some() {
            "filtering"
        } else {
            "sorting"
        }
    }

    /// The title's words for this view, e.g. ` · sort score · gpt-4o · /json`.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut s = String::new();
        if self.sort != Sort::Newest {
            s.push_str(&format!(" \u{b7} sort {}", self.sort.name()));
        }
        if let Some(m) = &self.model {
            s.push_str(&format!(" \u{b7} model {}", crate::sanitize::line(m)));
        }
        if !self.query.is_empty() {
            s.push_str(&format!(" \u{b7} /{}", crate::sanitize::line(&self.query)));
        }
        s
    }
}

/// The next model filter after `now` among `models` (sorted): none, then
/// each model, then none again.
#[must_use]
pub fn next_model(now: Option<&str>, models: &[String]) -> Option<String> {
    match now {
        None => models.first().cloned(),
        Some(m) => {
            let i = models.iter().position(|x| x == m)?;
            models.get(i + 1).cloned()
        }
    }
}
