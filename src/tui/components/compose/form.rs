//! The compose form of one prompt: Output, Model, Score, Notes. Output and
//! Notes are ratatui-textarea editors, the model a [`LineEditor`]; the
//! score is a number set by keys.

use crossterm::event::KeyEvent;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::model::{NewLog, Problems};
use crate::outbox::Draft;
use crate::tui::line_editor::{Edit, LineEditor};
use crate::tui::stand_ins;

/// The fields of the form, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The model's output.
    Output,
    /// Which model produced it.
    Model,
    /// The reviewer's score.
    Score,
    /// The reviewer's notes.
    Notes,
}

impl Field {
    /// The wire name validation problems use.
    #[must_use]
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Output => "output",
            Self::Model => "modelUsed",
            Self::Score => "score",
            Self::Notes => "notes",
        }
    }
}

/// One prompt's form.
#[derive(Debug, Clone)]
pub struct Form {
    /// The prompt the log is for.
    pub prompt_id: String,
    /// The output editor.
    pub output: TextArea<'static>,
    /// The model editor (one line).
    pub model: LineEditor,
    /// The score, 0 to 10, or none.
    pub score: Option<i64>,
    /// The notes editor.
    pub notes: TextArea<'static>,
    /// What failed the last check, shown next to each field.
    pub problems: Option<Problems>,
    /// The server's message when it refused the log (400), shown in the form.
    pub rejection: Option<String>,
    /// Lines and characters in the output, kept up to date on each edit.
    pub output_stats: (usize, usize),
    /// Control and bidi characters in the output: sent verbatim, drawn as
    /// visible symbols (see [`shield`]).
    pub hidden_controls: usize,
    /// A '1' was just typed in the score: a '0' now makes 10.
    score_one_pending: bool,
}

/// An editor holding `text`, its control characters shielded.
fn editor(text: &str, placeholder: &str) -> TextArea<'static> {
    let lines: Vec<String> = stand_ins::shield(text)
        .split('\n')
        .map(str::to_owned)
        .collect();
    let mut t = TextArea::new(lines);
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    t.set_placeholder_text(placeholder);
    t.set_cursor_line_style(Style::default());
    t.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    t.move_cursor(CursorMove::Bottom);
    t.move_cursor(CursorMove::End);
    t
}

/// The model field holding `model`.
fn model_editor(model: &str) -> LineEditor {
    LineEditor::new(model).with_placeholder("model name")
}

/// Characters in a line, and how many of them stand in for control characters.
fn line_stats(line: &str) -> (usize, usize) {
    line.chars().fold((0, 0), |(n, h), c| {
        (n + 1, h + usize::from(stand_ins::is_stand_in(c)))
    })
}

/// The row and column (u16, as `CursorMove::Jump` takes them) at the end of `before`.
fn position(before: &[char]) -> (u16, u16) {
    let row = before.iter().filter(|c| **c == '\n').count();
    let col = col_of(before);
    (
        u16::try_from(row).unwrap_or(u16::MAX),
        u16::try_from(col).unwrap_or(u16::MAX),
    )
}

/// The column at the end of `before`, in chars from its last line break.
fn col_of(before: &[char]) -> usize {
    before.iter().rev().take_while(|c| **c != '\n').count()
}

/// Terminals send pasted line breaks as CR or CRLF: keep them as LF.
#[must_use]
pub fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

impl Form {
    /// An empty form for `prompt_id`, the model preset to `model`.
    #[must_use]
    pub fn new(prompt_id: &str, model: &str) -> Self {
        let mut form = Self {
            prompt_id: prompt_id.to_owned(),
            output: editor("", "Paste or type the model's output here"),
            model: model_editor(model),
            score: None,
            notes: editor("", "Notes (optional)"),
            problems: None,
            rejection: None,
            output_stats: (0, 0),
            hidden_controls: 0,
            score_one_pending: false,
        };
        form.recount();
        form
    }

    /// The form a saved draft describes.
    #[must_use]
    pub fn from_draft(d: &Draft) -> Self {
        let mut form = Self::new(&d.prompt_id, &d.model);
        form.output = editor(&d.output, "Paste or type the model's output here");
        form.notes = editor(&d.notes, "Notes (optional)");
        form.score = d.score;
        form.recount();
        form
    }

    /// The draft to save for this form.
    #[must_use]
    pub fn to_draft(&self) -> Draft {
        Draft {
            prompt_id: self.prompt_id.clone(),
            output: self.output_text(),
            model: self.model_text(),
            score: self.score,
            notes: self.notes_text(),
        }
    }

    /// The output, lines joined with LF, exactly as pasted or typed.
    #[must_use]
    pub fn output_text(&self) -> String {
        stand_ins::unshield(&self.output.lines().join("\n")).into_owned()
    }

    /// The model, trimmed.
    #[must_use]
    pub fn model_text(&self) -> String {
        self.model.text().trim().to_owned()
    }

    /// The notes, lines joined with LF.
    #[must_use]
    pub fn notes_text(&self) -> String {
        stand_ins::unshield(&self.notes.lines().join("\n")).into_owned()
    }

    /// The log this form would send. Notes are sent only when not blank.
    #[must_use]
    pub fn new_log(&self) -> NewLog {
        let notes = self.notes_text();
        NewLog {
            prompt_id: self.prompt_id.clone(),
            output: self.output_text(),
            model_used: self.model_text(),
            notes: (!notes.trim().is_empty()).then_some(notes),
            score: self.score,
        }
    }

    /// Whether the form holds nothing a person typed (the model alone is not).
    #[must_use]
    pub fn is_blank(&self) -> bool {
        self.output.is_empty() && self.notes.is_empty() && self.score.is_none()
    }

    /// After a log was accepted: clear Output, Score and Notes; keep Model.
    pub fn clear_after_submit(&mut self) {
        self.output = editor("", "Paste or type the model's output here");
        self.notes = editor("", "Notes (optional)");
        self.score = None;
        self.problems = None;
        self.rejection = None;
        self.score_one_pending = false;
        self.recount();
    }

    /// Inserts pasted text into `field` at the cursor, as one edit.
    pub fn paste_into(&mut self, field: Field, text: &str) {
        let text = normalise_newlines(text);
        match field {
            Field::Output => {
                self.output.insert_str(stand_ins::shield(&text));
                self.recount();
            }
            Field::Notes => {
                self.notes.insert_str(stand_ins::shield(&text));
            }
            Field::Model => self.model.insert_str(&text),
            Field::Score => {}
        }
        self.problems = None;
    }

    /// Replaces the whole output (after the external editor) by editing
    /// only what differs, so that Ctrl-U undoes the editor's change (one
    /// step when it added or removed text, two when it replaced some).
    pub fn set_output(&mut self, text: &str) {
        let text = normalise_newlines(text);
        let text = text.strip_suffix('\n').unwrap_or(&text);
        let new: Vec<char> = stand_ins::shield(text).chars().collect();
        let old: Vec<char> = self.output.lines().join("\n").chars().collect();
        let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
        let tail = old[head..]
            .iter()
            .rev()
            .zip(new[head..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let (row, col) = position(&old[..head]);
        self.output.move_cursor(CursorMove::Jump(row, col));
        // Jump counts columns in u16: the rest of a very long line is walked.
        let target = col_of(&old[..head]);
        while self.output.cursor().1 < target {
            self.output.move_cursor(CursorMove::Forward);
        }
        let gone = old.len() - head - tail;
        if gone > 0 {
            self.output.delete_str(gone);
        }
        let added: String = new[head..new.len() - tail].iter().collect();
        if !added.is_empty() {
            self.output.insert_str(added);
        }
        self.recount();
    }

    /// Replaces the model (one undo step).
    pub fn set_model(&mut self, model: &str) {
        self.model.set_text(model);
    }

    /// Sends a key to a text field; whether its text changed.
    pub fn input(&mut self, field: Field, key: KeyEvent) -> bool {
        match field {
            Field::Output => self.input_output(key),
            Field::Model => self.model.input(key) == Edit::Changed,
            Field::Notes => self.notes.input(key),
            Field::Score => false,
        }
    }

    /// Sends a key to the output editor and keeps the counts up to date; an
    /// edit that stayed on the cursor's line (typing, most of the time) is
    /// counted from that line alone, so a keystroke costs the same with a
    /// 1 MB output as with an empty one. Returns whether the text changed.
    pub fn input_output(&mut self, key: KeyEvent) -> bool {
        let rows = self.output.lines().len();
        let row = self.output.cursor().0;
        let before = line_stats(&self.output.lines()[row]);
        if !self.output.input(key) {
            return false;
        }
        // Same number of lines and the cursor on the same one: only that
        // line changed (undo and redo move the cursor to what they change).
        if self.output.lines().len() == rows && self.output.cursor().0 == row {
            let after = line_stats(&self.output.lines()[row]);
            self.output_stats.1 = self.output_stats.1 + after.0 - before.0;
            self.hidden_controls = self.hidden_controls + after.1 - before.1;
            self.output_stats.0 = if self.output.is_empty() { 0 } else { rows };
        } else {
            self.recount();
        }
        true
    }

    /// Recounts the output's lines and characters from scratch.
    pub fn recount(&mut self) {
        let lines = self.output.lines();
        let (chars, hidden) = lines
            .iter()
            .map(|l| line_stats(l))
            .fold((lines.len().saturating_sub(1), 0), |(c, h), (lc, lh)| {
                (c + lc, h + lh)
            });
        self.hidden_controls = hidden;
        let n = if self.output.is_empty() {
            0
        } else {
            lines.len()
        };
        self.output_stats = (n, chars);
    }

    /// A digit typed in the score field: sets the score; '1' then '0' makes 10.
    pub fn type_score_digit(&mut self, d: i64) {
        if d == 0 && self.score_one_pending {
            self.score = Some(10);
            self.score_one_pending = false;
        } else {
            self.score = Some(d);
            self.score_one_pending = d == 1;
        }
        self.problems = None;
    }

    /// Raises (or lowers, with a negative `by`) the score within 0..=10.
    pub fn bump_score(&mut self, by: i64) {
        self.score = Some(match self.score {
            None if by > 0 => 0,
            None => 10,
            Some(s) => (s + by).clamp(0, 10),
        });
        self.score_one_pending = false;
        self.problems = None;
    }

    /// Sets the score (0..=10).
    pub fn set_score(&mut self, score: i64) {
        self.score = Some(score.clamp(0, 10));
        self.score_one_pending = false;
        self.problems = None;
    }

    /// Clears the score.
    pub fn clear_score(&mut self) {
        self.score = None;
        self.score_one_pending = false;
    }

    /// Ends a pending '1' (any key other than '0' in the score field).
    pub fn end_score_entry(&mut self) {
        self.score_one_pending = false;
    }

    /// The problem with `field`, from the last check, if any.
    #[must_use]
    pub fn problem(&self, field: Field) -> Option<&str> {
        self.problems.as_ref()?.for_field(field.wire_name())
    }

    /// The editor of a multi-line text field.
    pub fn editor_mut(&mut self, field: Field) -> Option<&mut TextArea<'static>> {
        match field {
            Field::Output => Some(&mut self.output),
            Field::Notes => Some(&mut self.notes),
            Field::Model | Field::Score => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_keeps_text_and_turns_cr_into_lf() {
        let mut f = Form::new("p", "gpt-4o");
        f.paste_into(Field::Output, "one\r\ntwo\rthree\n\u{1b}[31mred\u{7}");
        assert_eq!(f.output_text(), "one\ntwo\nthree\n\u{1b}[31mred\u{7}");
        assert_eq!(f.output_stats, (4, 23));
        assert_eq!(f.hidden_controls, 2);
        assert_eq!(f.new_log().model_used, "gpt-4o");
        assert_eq!(f.new_log().notes, None);
    }

    #[test]
    fn counts_kept_by_keystroke_match_a_full_recount() {
        use crossterm::event::{KeyCode as K, KeyModifiers as M};
        let mut f = Form::new("p", "m");
        f.paste_into(Field::Output, "one\ntwo \u{1b}[1m\nthree");
        let keys = [
            (K::Char('x'), M::NONE),
            (K::Enter, M::NONE),
            (K::Char('é'), M::NONE),
            (K::Up, M::NONE),
            (K::Home, M::NONE),
            (K::Backspace, M::NONE),
            (K::Char('k'), M::CONTROL),
            (K::Char('y'), M::CONTROL),
            (K::Char('u'), M::CONTROL),
            (K::Char('u'), M::CONTROL),
            (K::Char('r'), M::CONTROL),
            (K::Delete, M::NONE),
            (K::Char('w'), M::CONTROL),
            (K::Down, M::NONE),
            (K::End, M::NONE),
            (K::Backspace, M::NONE),
            (K::Char('u'), M::CONTROL),
            (K::Char('h'), M::CONTROL),
        ];
        for (i, (code, mods)) in keys.into_iter().enumerate() {
            f.input_output(KeyEvent::new(code, mods));
            let kept = (f.output_stats, f.hidden_controls);
            f.recount();
            assert_eq!(kept, (f.output_stats, f.hidden_controls), "after key {i}");
        }
        for _ in 0..40 {
            f.input_output(KeyEvent::new(K::Backspace, M::NONE));
        }
        for _ in 0..40 {
            f.input_output(KeyEvent::new(K::Delete, M::NONE));
        }
        assert_eq!((f.output_stats, f.hidden_controls), ((0, 0), 0));
    }

    #[test]
    fn the_editors_change_is_one_edit_that_ctrl_u_undoes() {
        use crossterm::event::{KeyCode as K, KeyModifiers as M};
        let mut f = Form::new("p", "m");
        f.paste_into(Field::Output, "line one\nline two");
        // What `$EDITOR` gives back: the temp file's final newline, and a line appended.
        f.set_output("line one\nline two\nappended\n");
        assert_eq!(f.output_text(), "line one\nline two\nappended");
        assert_eq!(f.output_stats, (3, 26));
        f.input_output(KeyEvent::new(K::Char('u'), M::CONTROL));
        assert_eq!(f.output_text(), "line one\nline two");
        f.set_output("line ONE\nline two\n");
        assert_eq!(f.output_text(), "line ONE\nline two");
    }

    #[test]
    fn score_keys() {
        let mut f = Form::new("p", "m");
        f.type_score_digit(1);
        assert_eq!(f.score, Some(1));
        f.type_score_digit(0);
        assert_eq!(f.score, Some(10));
        f.type_score_digit(0);
        assert_eq!(f.score, Some(0));
        f.bump_score(-1);
        assert_eq!(f.score, Some(0));
        f.bump_score(3);
        assert_eq!(f.score, Some(3));
        f.clear_score();
        f.bump_score(1);
        assert_eq!(f.score, Some(0));
    }

    #[test]
    fn drafts_round_trip_and_clear_keeps_model() {
        let mut f = Form::new("p", "m");
        f.paste_into(Field::Output, "out");
        f.paste_into(Field::Notes, "n1\nn2");
        f.type_score_digit(7);
        let d = f.to_draft();
        let g = Form::from_draft(&d);
        assert_eq!(g.to_draft(), d);
        f.clear_after_submit();
        assert!(f.is_blank());
        assert_eq!(f.model_text(), "m");
    }
}
