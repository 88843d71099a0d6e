//! The prompt pane: the selected prompt's title, model, tags and text
//! (markdown rendered, `r` for the raw text), scrolled by the user, with
//! marks where the text continues.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::prompt_store::StoredPrompt;
use crate::sanitize;
use crate::tui::reading::{self, Reading};
use crate::tui::theme;
use crate::tui::widgets::{pane, scrolled};

/// The prompt pane's own state.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PromptPane {
    /// How far the text is scrolled.
    pub scroll: u16,
    /// Whether the text is shown raw rather than rendered.
    pub raw: bool,
    /// The text's lines at the last width drawn.
    reading: Reading,
}

impl PromptPane {
    /// Scrolls by `delta` lines.
    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = scrolled(self.scroll, delta);
    }

    /// Draws `prompt` (or that none is selected) in `area`.
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        prompt: Option<&StoredPrompt>,
        focused: bool,
    ) {
        let Some(p) = prompt else {
            let block = pane(focused, " Prompt ");
            let inner = block.inner(area);
            frame.render_widget(block, area);
            frame.render_widget(
                Paragraph::new("No prompt selected.").style(theme::dim()),
                inner,
            );
            return;
        };
        let mut title = vec![
            Span::raw(" "),
            Span::raw(sanitize::line(p.title()).into_owned()),
            Span::styled(
                format!(" \u{b7} {}", sanitize::line(p.model())),
                theme::key(),
            ),
        ];
        if p.has_tags() {
            let tags = p.tags().collect::<Vec<_>>().join(" #");
            title.push(Span::styled(
                format!(" #{}", sanitize::line(&tags)),
                theme::dim(),
            ));
        }
        title.push(Span::raw(" "));
        let block = pane(focused, Line::from(title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let lines = self.reading.lines(p.content(), self.raw, inner.width);
        reading::draw(frame, inner, &lines, self.scroll);
    }
}
