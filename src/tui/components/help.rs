//! The help overlay: every key binding in force (the config's `[keys]`
//! over the defaults), by context, then the keys the text fields take and
//! the mouse; `/` searches it.

use std::any::Any;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::overlay::{Overlay, Reply, scroll_or_close};
use crate::sanitize;
use crate::tui::action::Action;
use crate::tui::keymap::{self, Ctx, Keymap, text_keys::TEXT_KEYS};
use crate::tui::main_screen::App;
use crate::tui::theme;
use crate::tui::widgets::{boxed, centered};

/// The help overlay.
#[derive(Debug, Default)]
pub struct Help {
    /// How far it is scrolled.
    pub scroll: u16,
    /// The search typed after `/` (empty: every row).
    pub query: String,
    /// Whether keys type into the search.
    pub searching: bool,
}

impl Overlay for Help {
    fn contexts(&self) -> Vec<Ctx> {
        if self.searching {
            vec![Ctx::HelpSearch]
        } else {
            vec![Ctx::Help]
        }
    }

    fn act(&mut self, action: Action, _app: &App) -> Reply {
        match (self.searching, action) {
            (false, Action::Search) => {
                self.searching = true;
                Reply::Keep
            }
            (true, Action::Open) => {
                self.searching = false;
                Reply::Keep
            }
            (true, Action::Back) => {
                self.searching = false;
                self.query.clear();
                self.scroll = 0;
                Reply::Keep
            }
            _ => scroll_or_close(&mut self.scroll, action),
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        if !self.searching {
            return;
        }
        match key.code {
            KeyCode::Char(c) => self.query.push(c),
            KeyCode::Backspace => {
                self.query.pop();
            }
            _ => return,
        }
        self.scroll = 0;
    }

    fn paste(&mut self, text: &str) {
        if self.searching {
            self.query.push_str(&text.replace(['\r', '\n'], " "));
            self.scroll = 0;
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App) {
        let rect = centered(area, 80, area.height.saturating_sub(2));
        let title = if self.searching || !self.query.is_empty() {
            format!("Keys: /{}_ (Esc clears)", sanitize::line(&self.query))
        } else {
            "Keys (/ searches, Esc closes)".to_owned()
        };
        let inner = boxed(frame, rect, &title);
        let lines = lines(keymap::active(), &self.query);
        frame.render_widget(Paragraph::new(lines).scroll((self.scroll, 0)), inner);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// One row of help: its heading, key and words.
struct Row {
    heading: &'static str,
    key: String,
    desc: &'static str,
}

/// Every row: the bindings of `keymap` by context, then the text fields'
/// keys and the mouse.
fn rows(keymap: &Keymap) -> Vec<Row> {
    let mut rows: Vec<Row> = keymap
        .bindings
        .iter()
        .map(|b| Row {
            heading: keymap::ctx_name(b.ctx),
            key: b.label.clone(),
            desc: b.desc,
        })
        .collect();
    let text = "Text fields (Output, Model, Notes, filters, dialogs)";
    rows.extend(TEXT_KEYS.iter().map(|k| Row {
        heading: text,
        key: k.label.to_owned(),
        desc: k.desc,
    }));
    let paste = "Pasting (bracketed paste) inserts the text as one edit; no key in it acts";
    rows.push(Row {
        heading: text,
        key: "paste".to_owned(),
        desc: paste,
    });
    let mouse = "Mouse (when captured)";
    let mouse_off = "mouse capture off/on: off, the terminal selects and copies text as usual";
    let toggle = keymap.keys_of(Ctx::Global, Action::ToggleMouse);
    rows.push(Row {
        heading: mouse,
        key: "click".to_owned(),
        desc: "focus the pane or field",
    });
    rows.push(Row {
        heading: mouse,
        key: "wheel".to_owned(),
        desc: "scroll the pane under it",
    });
    if !toggle.is_empty() {
        rows.push(Row {
            heading: mouse,
            key: toggle,
            desc: mouse_off,
        });
    }
    rows
}

/// The help's lines: every row matching `query` (in its key, words or
/// heading, ignoring case), under its heading.
#[must_use]
pub fn lines(keymap: &Keymap, query: &str) -> Vec<Line<'static>> {
    let q = query.trim().to_lowercase();
    let hit = |r: &Row| {
        q.is_empty()
            || r.key.to_lowercase().contains(&q)
            || r.desc.to_lowercase().contains(&q)
            || r.heading.to_lowercase().contains(&q)
    };
    let mut lines = Vec::new();
    let mut last = None;
    for r in rows(keymap).iter().filter(|r| hit(r)) {
        if last != Some(r.heading) {
            if last.is_some() {
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled(r.heading, theme::focused())));
            last = Some(r.heading);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<13}", r.key), theme::key()),
            Span::raw(r.desc),
        ]));
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            "No key matches: Backspace or Esc.",
            theme::dim(),
        )));
    }
    lines
}
