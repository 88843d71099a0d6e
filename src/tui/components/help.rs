//! The help overlay: every key binding, generated from the keymap, by
//! context, and the editing keys of text fields.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::overlay::{Overlay, Reply, scroll_or_close};
use crate::tui::action::Action;
use crate::tui::keymap::{self, BINDINGS, Ctx};
use crate::tui::main_screen::App;
use crate::tui::theme;
use crate::tui::widgets::{boxed, centered};

/// The help overlay.
#[derive(Debug, Default)]
pub struct Help {
    /// How far it is scrolled.
    pub scroll: u16,
}

impl Overlay for Help {
    fn contexts(&self) -> Vec<Ctx> {
        vec![Ctx::Help]
    }

    fn act(&mut self, action: Action, _app: &App) -> Reply {
        scroll_or_close(&mut self.scroll, action)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App) {
        let rect = centered(area, 76, area.height.saturating_sub(2));
        let inner = boxed(frame, rect, "Keys (Esc closes)");
        frame.render_widget(Paragraph::new(lines()).scroll((self.scroll, 0)), inner);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Every binding by context, then the text fields' own keys.
fn lines() -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut last = None;
    for b in BINDINGS {
        if last != Some(b.ctx) {
            if last.is_some() {
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled(
                keymap::ctx_name(b.ctx),
                theme::focused(),
            )));
            last = Some(b.ctx);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<11}", b.label), theme::key()),
            Span::raw(b.desc),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Text fields", theme::focused())));
    for text in [
        "  Editing keys as in Emacs: Ctrl-A/E line start/end, Ctrl-K cut to end,",
        "  Ctrl-U undo, Ctrl-R redo, Ctrl-W delete word, Ctrl-Y paste cut text.",
        "  Pasting (bracketed paste) inserts text as one edit; no key fires.",
        "  Mouse: click focuses a pane or field, the wheel scrolls.",
    ] {
        lines.push(Line::from(text));
    }
    lines
}
