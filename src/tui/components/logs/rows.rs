//! The cells of one log's row in the logs pane, made once when the log
//! arrives (sanitised once), and the columns they are laid out in at a
//! given pane width.

use chrono::{DateTime, TimeZone};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::config::TimeFormat;
use crate::model::Log;
use crate::sanitize;
use crate::tui::theme;
use crate::tui::widgets::fit;

/// What a row shows of a log, sanitised, and what a search looks in.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The time as the config says: `MM-DD HH:MM:SS` local or UTC, or relative.
    pub time: String,
    /// The model.
    pub model: String,
    /// The score, right-aligned in two columns, or ` -`.
    pub score: String,
    /// The first meaningful line of the output.
    pub first: String,
    /// The notes on one line.
    pub notes: String,
    /// Model, output and notes in lower case, for `/`.
    pub hay: String,
}

impl Row {
    /// The row of `log`, its time shown in `tz`.
    #[must_use]
    pub fn new<Tz: TimeZone>(log: &Log, tz: &Tz) -> Self
    where
        Tz::Offset: std::fmt::Display,
    {
        let notes = log.notes.as_deref().unwrap_or("").trim();
        Self {
            time: match crate::tui::times::active() {
                TimeFormat::Relative => crate::tui::times::short(&log.created_at),
                TimeFormat::Utc => time_in(&log.created_at, &chrono::Utc, TIME_FORMAT),
                TimeFormat::Local => time_in(&log.created_at, tz, TIME_FORMAT),
            },
            model: sanitize::line(&log.model_used).into_owned(),
            score: log
                .score
                .map_or_else(|| " -".to_owned(), |s| format!("{s:>2}")),
            first: sanitize::line(first_line(&log.output)).into_owned(),
            notes: sanitize::line(notes).into_owned(),
            hay: format!("{}\n{}\n{}", log.model_used, log.output, notes).to_lowercase(),
        }
    }
}

/// `iso` in the zone the TUI shows times in: local (UTC in unit tests,
/// so that snapshots do not depend on the machine's zone).
#[must_use]
pub fn local_time(iso: &str, format: &str) -> String {
    #[cfg(test)]
    return time_in(iso, &chrono::Utc, format);
    #[cfg(not(test))]
    time_in(iso, &chrono::Local, format)
}

/// `iso` (RFC 3339) shown in `tz` with `format`; unparsable: as it came.
#[must_use]
pub fn time_in<Tz: TimeZone>(iso: &str, tz: &Tz, format: &str) -> String
where
    Tz::Offset: std::fmt::Display,
{
    DateTime::parse_from_rfc3339(iso).map_or_else(
        |_| sanitize::line(iso).into_owned(),
        |t| t.with_timezone(tz).format(format).to_string(),
    )
}

/// How a row shows its time: `12-01 18:42:07`.
pub const TIME_FORMAT: &str = "%m-%d %H:%M:%S";

/// The first line of `output` that says something: fences, headings' marks,
/// rules and table separators are passed over, emphasis marks dropped.
#[must_use]
pub fn first_line(output: &str) -> &str {
    let useful = |l: &&str| {
        let t = l.trim();
        !t.is_empty()
            && !t.starts_with("```")
            && !t.starts_with("~~~")
            && !t
                .chars()
                .all(|c| matches!(c, '-' | '*' | '_' | '=' | '|' | ':' | ' '))
    };
    let line = output.lines().find(useful).unwrap_or("").trim();
    line.trim_start_matches('#').trim_start()
}

/// The columns of a row at a pane `width` (inside its borders).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// Time columns (`MM-DD HH:MM:SS`).
    pub time: usize,
    /// Model columns.
    pub model: usize,
    /// Output columns.
    pub first: usize,
    /// Notes columns (0: no room).
    pub notes: usize,
    /// Whether a row takes two lines (a narrow pane: the output goes on
    /// the second, under the time, model and score).
    pub two_lines: bool,
}

impl Columns {
    /// How `width` columns are shared: the output takes what the others leave.
    #[must_use]
    pub fn at(width: usize) -> Self {
        if width < 60 {
            let time = 14;
            let model = width.saturating_sub(1 + time + 1 + 1 + 2).max(1);
            return Self {
                time,
                model,
                first: width.saturating_sub(3),
                notes: 0,
                two_lines: true,
            };
        }
        let time = 14;
        let model = match width {
            0..100 => 14,
            100..160 => 20,
            _ => 28,
        };
        // mark, time, space, model, space, score (2), two spaces
        let fixed = 1 + time + 1 + model + 1 + 2 + 2;
        let rest = width.saturating_sub(fixed);
        let notes = if width >= 64 { (rest / 3).min(48) } else { 0 };
        let first = rest.saturating_sub(if notes > 0 { notes + 3 } else { 0 });
        Self {
            time,
            model,
            first,
            notes,
            two_lines: false,
        }
    }

    /// How many lines one row takes.
    #[must_use]
    pub fn height(&self) -> usize {
        if self.two_lines { 2 } else { 1 }
    }

    /// `row` in these columns (one line, or two in a narrow pane), with a
    /// mark in the first column when it is `marked` for a diff.
    #[must_use]
    pub fn text(&self, row: &Row, marked: bool) -> Vec<Line<'static>> {
        if !self.two_lines {
            return vec![self.line(row, marked)];
        }
        let mut first = self.line(row, marked);
        // The output goes on the second line instead.
        first.spans.pop();
        vec![
            first,
            Line::from(vec![
                Span::raw("   "),
                Span::raw(cut(&row.first, self.first)),
            ]),
        ]
    }

    /// `row` as one line in these columns, with a mark in the first column.
    #[must_use]
    fn line(&self, row: &Row, marked: bool) -> Line<'static> {
        let mark = if marked {
            Span::styled("\u{25c6}", theme::matched())
        } else {
            Span::raw(" ")
        };
        let time = row.time.get(..self.time).unwrap_or(&row.time);
        let mut spans = vec![
            mark,
            Span::styled(format!("{} ", fit(time, self.time)), theme::dim()),
            Span::styled(format!("{} ", cut(&row.model, self.model)), theme::key()),
            Span::raw(format!("{}  ", row.score)),
            Span::raw(cut(&row.first, self.first)),
        ];
        if self.notes > 0 && !row.notes.is_empty() {
            spans.push(Span::styled(" \u{2502} ", theme::dim()));
            spans.push(Span::styled(cut(&row.notes, self.notes), Style::default()));
        }
        Line::from(spans)
    }
}

/// `s` fitted to `w` columns, with `…` where it was cut.
fn cut(s: &str, w: usize) -> String {
    if unicode_width::UnicodeWidthStr::width(s) <= w {
        return fit(s, w);
    }
    let mut out = fit(s, w.saturating_sub(1)).trim_end().to_owned();
    out.push('\u{2026}');
    fit(&out, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_skips_fences_and_headings() {
        assert_eq!(first_line("```json\n{\"a\": 1}\n```"), "{\"a\": 1}");
        assert_eq!(
            first_line("# Ticket classification\n\nbody"),
            "Ticket classification"
        );
        assert_eq!(first_line("\n---\n| a |\n|---|\n"), "| a |");
        assert_eq!(first_line(""), "");
    }

    #[test]
    fn columns_grow_with_the_pane() {
        assert_eq!(Columns::at(62).notes, 0);
        assert!(Columns::at(78).first >= 25 && Columns::at(78).notes > 0);
        let narrow = Columns::at(27);
        assert!(narrow.two_lines && narrow.first == 24, "{narrow:?}");
        let wide = Columns::at(198);
        assert!(
            wide.notes > 0 && wide.model == 28 && wide.first > 80,
            "{wide:?}"
        );
    }
}
