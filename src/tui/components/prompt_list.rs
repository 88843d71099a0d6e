//! The prompt list: the prompts (kept compact: see
//! [`super::prompt_store`]), its fuzzy filter (nucleo, matching off the
//! key path: see [`super::matching`]) over title, model and tags, the rows
//! matching it (prompt indices; their display lines are made for the rows
//! in view only, when drawn), its scroll window, and its drawing.

use tokio::sync::mpsc::UnboundedSender;
use tokio::time::{Duration, Instant};

mod row_view;

pub use row_view::{RowView, row_text};

use super::matching::Matching;
use crate::tui::message::Message;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::prompt_store::{Prompts, StoredPrompt};
use crate::model::Prompt;
use crate::sanitize;
use crate::tui::remote::Remote;
use crate::tui::theme;
use crate::tui::widgets::{SPINNER, Window, pane};

/// The longest a frame waits for the matcher's results after a key that
/// changed the filter: the bound kept from any key to its frame, so the
/// typed char is on screen within it however long the matching takes.
pub const FRAME_HOLD: Duration = Duration::from_millis(8);

/// One row of the filtered list: which prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Index into the full prompt list.
    pub index: usize,
}

/// The mark before a prompt's title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Nothing unsent.
    None,
    /// Its form holds a draft.
    Draft,
    /// Its form's log waits in the outbox.
    Queued,
}

/// Lines each prompt takes in the list: its title, then its model and tags.
pub const ROW_HEIGHT: u16 = 2;

/// Makes `rows` the rows of `indices`, writing over them in place;
/// returns whether they changed.
fn overwrite(rows: &mut Vec<Row>, indices: impl Iterator<Item = usize>) -> bool {
    let mut changed = false;
    let mut n = 0;
    for index in indices {
        match rows.get_mut(n) {
            Some(row) if row.index == index => {}
            Some(row) => {
                row.index = index;
                changed = true;
            }
            None => {
                rows.push(Row { index });
                changed = true;
            }
        }
        n += 1;
    }
    if n != rows.len() {
        rows.truncate(n);
        changed = true;
    }
    changed
}

/// The prompts, the filter, and the rows that match it.
#[derive(Debug, Default)]
pub struct PromptList {
    /// Every prompt, in the server's order.
    pub prompts: Prompts,
    /// Where loading the prompts stands.
    pub load: Remote<()>,
    /// Whether more pages of prompts are on their way.
    pub more: bool,
    /// The filter text.
    pub filter: String,
    /// Whether keys go to the filter.
    pub filtering: bool,
    /// The rows matching the filter, best first (all, in order, when
    /// empty): the latest results the matcher gave.
    pub rows: Vec<Row>,
    /// The highlighted row and the first row in view.
    pub window: Window,
    /// The matcher, on its own threads.
    matching: Matching,
    /// Until when a frame waits for the matcher (see [`Self::hold_frame`]).
    hold: Option<Instant>,
}

impl PromptList {
    /// Replaces the prompts (a page from the server, or the list taken out
    /// and changed), keeping the selection on the same prompt id.
    pub fn set_prompts(&mut self, prompts: impl Into<Prompts>) {
        let keep = self.selected_prompt().map(|p| p.id().to_owned());
        self.prompts = prompts.into();
        self.matching.set_items(self.prompts.iter().map(row_text));
        self.refilter();
        if let Some(id) = keep {
            self.select_id(&id);
        }
    }

    /// Adds the next page of prompts after those there (the matcher takes
    /// them too); the selection stays on the same prompt.
    /// Without a filter the new rows just follow the others: the work is the
    /// page's own, never the whole list's (a key waiting behind a page of a
    /// long list waited for every row to be remade before).
    pub fn extend_prompts(&mut self, page: Vec<Prompt>) {
        let start = self.prompts.len();
        self.prompts.extend(page);
        self.matching
            .add_items(self.prompts.iter().skip(start).map(row_text));
        if self.filter.trim().is_empty() {
            self.rows
                .extend((start..self.prompts.len()).map(|index| Row { index }));
            return;
        }
        // The pattern is unchanged: a tick never waits for the matcher then
        // (a new pattern makes it stop the run in progress first), and the
        // worker's message brings the new matches when they are ready.
        let keep = self.selected_prompt().map(|p| p.id().to_owned());
        self.matching.tick();
        self.take_results();
        if let Some(id) = keep {
            self.select_id(&id);
        }
    }

    /// Sets the filter and recomputes the rows.
    pub fn set_filter(&mut self, filter: &str) {
        self.filter = filter.to_owned();
        self.refilter();
        self.window = Window::default();
    }

    /// Recomputes the rows for the current filter: at once when it is
    /// empty (every prompt, in order); otherwise the matcher starts on it
    /// now, on its own threads, and the rows follow when its
    /// [`Message::Matched`] arrives (see [`Self::matched`]). Until then the
    /// rows stay the old filter's (taking those again would cost the key a
    /// pass over every match for rows that stay as they are), and the frame
    /// waits for the new ones, up to [`FRAME_HOLD`] (see
    /// [`Self::hold_frame`]).
    pub fn refilter(&mut self) {
        let changed = self.matching.set_pattern(&self.filter);
        // A new pattern starts its run here, the empty one too (the next
        // filter typed rescores its matches); the same one over new prompts
        // goes on (a tick with the pattern unchanged never waits).
        let status = self.matching.tick();
        if self.filter.trim().is_empty() {
            self.hold = None;
            self.take_results();
        } else {
            if status.changed {
                self.take_results();
            }
            if changed && status.running {
                // A frame already held keeps its deadline: keys typed
                // faster than the matching never hold the screen longer.
                let now = Instant::now();
                self.hold = Some(self.hold.filter(|t| *t > now).unwrap_or(now + FRAME_HOLD));
            }
        }
    }

    /// Until when the next frame waits for the matcher's results, if it
    /// does: a frame drawn while matching ran showed the typed char over
    /// the old filter's rows, and cost the run one of two cores for as long
    /// as it took to draw (0.5-0.7 ms with 100,000 prompts; the results'
    /// frame came that much later). One frame with both comes as soon as
    /// the results are in, and never later than [`FRAME_HOLD`] after the key.
    #[must_use]
    pub fn hold_frame(&self) -> Option<Instant> {
        self.hold
    }

    /// The matcher has results: takes them; returns whether the rows changed.
    /// Once the filter is no longer being typed (the user works on a prompt
    /// it found), new matches, from prompts still arriving, never move the
    /// highlight to another prompt.
    pub fn matched(&mut self) -> bool {
        // Only results a run just made: the matcher also wakes the loop when
        // prompts are handed to it, and its results then may be an older
        // filter's, or none yet (the list showed "No prompt matches" for a
        // moment, and for good when that run's own wake-up was lost).
        let status = self.matching.tick();
        if !status.running {
            self.hold = None;
        }
        status.changed && self.take_keeping()
    }

    /// Takes the latest results; once the filter is no longer being typed,
    /// the highlight stays on its prompt.
    fn take_keeping(&mut self) -> bool {
        let keep = (!self.filtering)
            .then(|| self.selected_prompt().map(|p| p.id().to_owned()))
            .flatten();
        let changed = self.take_results();
        if changed && let Some(id) = keep {
            self.select_id(&id);
        }
        changed
    }

    /// Waits until the matcher is done and takes its final results.
    pub fn settle(&mut self) {
        self.matching.settle();
        self.hold = None;
        self.take_keeping();
    }

    /// Sends the matcher's "results ready" to the loop's channel.
    pub fn wake_with(&mut self, tx: UnboundedSender<Message>) {
        self.matching.wake_with(tx);
    }

    /// Takes the rows of the current filter, written over the old ones in
    /// place: no new vector per result set (a new one of 100,000 rows was
    /// a fresh allocation whose pages the loop faulted in on every typed
    /// key); returns whether they changed.
    fn take_results(&mut self) -> bool {
        let count = self.prompts.len();
        let changed = if self.filter.trim().is_empty() {
            overwrite(&mut self.rows, 0..count)
        } else {
            overwrite(
                &mut self.rows,
                self.matching.matched().filter(|i| *i < count),
            )
        };
        if !changed {
            return false;
        }
        let len = self.rows.len();
        self.window.select(self.window.selected, len);
        true
    }

    /// Row `i` as drawn: text, matches, lines.
    #[must_use]
    pub fn view(&self, i: usize) -> Option<RowView> {
        let row = self.rows.get(i)?;
        Some(RowView::new(&self.prompts[row.index], &self.filter))
    }

    /// The highlighted row.
    #[must_use]
    pub fn selected(&self) -> usize {
        self.window.selected
    }

    /// The highlighted prompt.
    #[must_use]
    pub fn selected_prompt(&self) -> Option<&StoredPrompt> {
        self.rows
            .get(self.window.selected)
            .and_then(|r| self.prompts.get(r.index))
    }

    /// Highlights the prompt `id` if it is among the rows.
    pub fn select_id(&mut self, id: &str) {
        if let Some(i) = self
            .rows
            .iter()
            .position(|r| self.prompts[r.index].id() == id)
        {
            self.window.selected = i;
        }
    }

    /// Moves the highlight by `delta` rows, staying in the list.
    pub fn move_by(&mut self, delta: isize) {
        self.window.move_by(delta, self.rows.len());
    }

    /// Whether the filter line is shown (typing, or a filter set).
    #[must_use]
    pub fn shows_filter(&self) -> bool {
        self.filtering || !self.filter.is_empty()
    }

    /// How many prompts fit in `pane` (borders and filter line left out).
    #[must_use]
    pub fn rows_in(&self, pane: Rect) -> usize {
        let filter = u16::from(self.shows_filter());
        usize::from(pane.height.saturating_sub(2 + filter) / ROW_HEIGHT)
    }

    /// Scrolls so the highlight is in view in `pane`.
    pub fn follow(&mut self, pane: Rect) {
        let rows = self.rows_in(pane);
        self.window.follow(rows, self.rows.len());
    }

    /// The row drawn at screen row `y` of `pane`, if any: the one in view
    /// there, as drawn.
    #[must_use]
    pub fn row_at(&self, pane: Rect, y: u16) -> Option<usize> {
        let top = pane.y + 1 + u16::from(self.shows_filter());
        let i = usize::from(y.checked_sub(top)? / ROW_HEIGHT) + self.window.offset;
        (i < self.rows.len() && i < self.window.offset + self.rows_in(pane)).then_some(i)
    }

    /// The prompt with id `id`.
    #[must_use]
    pub fn by_id(&self, id: &str) -> Option<&StoredPrompt> {
        self.prompts.by_id(id)
    }
}

impl PromptList {
    /// Draws the list in `area`: the filter line, then the rows in view;
    /// `mark` says which prompt holds a draft or waits in the outbox.
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        focused: bool,
        spin: usize,
        mark: impl Fn(&str) -> Mark,
    ) {
        let more = if self.more { "\u{2026}" } else { "" };
        let count = format!(" Prompts {}/{}{more} ", self.rows.len(), self.prompts.len());
        let block = pane(focused, count);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut list_area = inner;
        if self.shows_filter() {
            let cursor = if self.filtering { "\u{258f}" } else { "" };
            let line = Line::from(vec![
                Span::styled("/ ", theme::key()),
                Span::raw(sanitize::line(&self.filter).into_owned()),
                Span::raw(cursor),
            ]);
            frame.render_widget(Paragraph::new(line), Rect { height: 1, ..inner });
            list_area.y += 1;
            list_area.height = list_area.height.saturating_sub(1);
        }
        if let Some(text) = self.placeholder(spin) {
            frame.render_widget(text, list_area);
            return;
        }
        let rows = usize::from(list_area.height / ROW_HEIGHT);
        let visible = self.window.visible(rows, self.rows.len());
        let items: Vec<ListItem> = self.rows[visible.clone()]
            .iter()
            .map(|row| {
                let view = RowView::new(&self.prompts[row.index], &self.filter);
                let sign = match mark(self.prompts[row.index].id()) {
                    Mark::Queued => Span::styled("\u{21e1} ", theme::key()),
                    Mark::Draft => Span::styled("\u{270e} ", theme::key()),
                    Mark::None => Span::raw("  "),
                };
                let mut first = vec![sign];
                first.extend(view.title);
                let mut second = vec![Span::raw("  ")];
                second.extend(view.detail);
                ListItem::new(Text::from(vec![Line::from(first), Line::from(second)]))
            })
            .collect();
        let selected = self.window.selected.checked_sub(visible.start);
        let mut state = ListState::default().with_selected(selected);
        frame.render_stateful_widget(
            List::new(items).highlight_style(theme::selected()),
            list_area,
            &mut state,
        );
    }

    /// What the list shows instead of rows: loading, failed, empty.
    fn placeholder(&self, spin: usize) -> Option<Paragraph<'static>> {
        match &self.load {
            Remote::Loading if self.prompts.is_empty() => {
                let spin = SPINNER[spin % SPINNER.len()];
                return Some(Paragraph::new(format!("{spin} Loading prompts\u{2026}")));
            }
            Remote::Failed(e) if self.prompts.is_empty() => {
                let text = format!("Cannot load the prompts: {e}\n\nPress r to retry.");
                return Some(
                    Paragraph::new(text)
                        .style(theme::problem())
                        .wrap(Wrap { trim: true }),
                );
            }
            _ => {}
        }
        if !self.rows.is_empty() {
            return None;
        }
        let text = if self.prompts.is_empty() {
            "No prompts yet. Press a to add one."
        } else {
            "No prompt matches. Esc clears the filter."
        };
        Some(Paragraph::new(text).style(theme::dim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(id: &str, title: &str, model: &str, tags: &[&str]) -> Prompt {
        Prompt {
            id: id.into(),
            owner_id: "u".into(),
            title: title.into(),
            content: String::new(),
            model: model.into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    /// The rows written over in place: the same as the new indices each
    /// time, and changed exactly when they differ.
    #[test]
    fn rows_are_overwritten_in_place_and_say_when_they_changed() {
        let mut rows = Vec::new();
        let indices = |rows: &[Row]| rows.iter().map(|r| r.index).collect::<Vec<_>>();
        for (next, changes) in [
            (vec![3, 1, 2], true),
            (vec![3, 1, 2], false),
            (vec![3, 2, 1], true),
            (vec![3, 2], true),
            (vec![3, 2, 7, 8], true),
            (vec![], true),
            (vec![], false),
        ] {
            assert_eq!(
                overwrite(&mut rows, next.iter().copied()),
                changes,
                "{next:?}"
            );
            assert_eq!(indices(&rows), next);
        }
    }

    #[test]
    fn matches_are_char_positions_past_combining_marks_and_emoji() {
        let mut list = PromptList::default();
        let title = "Cafe\u{301} 👨\u{200d}👩\u{200d}👧 zebra";
        list.set_prompts(vec![prompt("1", title, "m", &[])]);
        list.set_filter("zebra");
        list.settle();
        let row = list.view(0).unwrap();
        let chars: Vec<char> = row.text.chars().collect();
        let hit: String = row.matched.iter().map(|i| chars[*i]).collect();
        assert_eq!(hit, "zebra");
    }

    #[test]
    fn fuzzy_filter_over_title_model_tags() {
        let mut l = PromptList::default();
        l.set_prompts(vec![
            prompt("1", "Support ticket triage", "claude", &["support"]),
            prompt("2", "Invoice fields", "gemini", &["finance"]),
            prompt("3", "SQL from English", "gpt-4o-mini", &["sql"]),
        ]);
        assert_eq!(l.rows.len(), 3);
        l.set_filter("invce");
        l.settle();
        assert_eq!(l.rows.len(), 1);
        assert_eq!(l.selected_prompt().unwrap().id(), "2");
        assert_eq!(l.view(0).unwrap().matched[0], 0);
        l.set_filter("finance");
        l.settle();
        assert_eq!(l.selected_prompt().unwrap().id(), "2");
        l.set_filter("gpt");
        l.settle();
        assert_eq!(l.selected_prompt().unwrap().id(), "3");
        l.set_filter("zzzz");
        l.settle();
        assert!(l.rows.is_empty());
        assert!(l.selected_prompt().is_none());
        l.set_filter("");
        l.move_by(5);
        assert_eq!(l.selected(), 2);
    }
}
