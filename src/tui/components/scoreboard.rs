//! The scoreboard overlay: a prompt's scores per model with each model's
//! score distribution (0-10) beside its figures and its trend over time, a
//! bar chart of every log's score, and its best and worst log, each one key
//! away. Every figure is the server's exact statistics of all the prompt's
//! logs (`LogsPane::stats`), however few of them are loaded; nothing is
//! computed over the logs here.

pub mod chart;

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::log_detail::LogDetail;
use super::overlay::{Effect, Overlay, Reply};
use super::prompt_store::StoredPrompt;
use crate::sanitize;
use crate::stats::{self, PromptStats};
use crate::tui::action::Action;
use crate::tui::keymap::Ctx;
use crate::tui::main_screen::App;
use crate::tui::remote::Remote;
use crate::tui::theme;
use crate::tui::widgets::{boxed, centered, hint_line};

/// The scoreboard of one prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scoreboard {
    /// The prompt.
    pub prompt_id: String,
}

impl Overlay for Scoreboard {
    fn contexts(&self) -> Vec<Ctx> {
        vec![Ctx::Scoreboard]
    }

    fn act(&mut self, action: Action, app: &App) -> Reply {
        match action {
            Action::Back => Reply::Close,
            Action::OpenBest | Action::OpenWorst => {
                let Some(exact) = app.logs.exact(&self.prompt_id) else {
                    return Reply::Also(Effect::Say("The statistics are not here yet.".to_owned()));
                };
                let pick = if action == Action::OpenBest {
                    &exact.stats.best
                } else {
                    &exact.stats.worst
                };
                match pick {
                    Some(log) => Reply::Open(Box::new(LogDetail::from_board(
                        log.clone(),
                        self.prompt_id.clone(),
                    ))),
                    None => Reply::Also(Effect::Say("No scored log yet.".to_owned())),
                }
            }
            _ => Reply::Pass,
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, app: &App) {
        render_board(app, frame, area, &self.prompt_id);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"))
}

fn fmt_score(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v}"))
}

/// Draws the scoreboard of `prompt_id` over the screen.
fn render_board(app: &App, frame: &mut Frame, area: Rect, prompt_id: &str) {
    let rect = centered(
        area,
        area.width.saturating_sub(6),
        area.height.saturating_sub(4),
    );
    let title = app
        .list
        .by_id(prompt_id)
        .map_or(prompt_id, StoredPrompt::title);
    let inner = boxed(
        frame,
        rect,
        &format!("Scoreboard \u{b7} {}", sanitize::line(title)),
    );
    let state = app.logs.stats.get(prompt_id);
    let lines = match state {
        Some(Remote::Loaded(exact)) => board(&exact.stats, usize::from(inner.width)),
        Some(Remote::Failed(e)) => vec![Line::styled(
            format!(
                "Cannot load the statistics: {}",
                sanitize::line(&e.to_string())
            ),
            theme::problem(),
        )],
        _ => vec![Line::from("Loading the statistics\u{2026}")],
    };
    let [body, hints] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let text_h = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    // The bar chart of every log's score under the table, when it has room.
    let chart_h = body.height.saturating_sub(text_h + 1).min(12);
    let [table, _, bars] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(u16::from(chart_h >= 6)),
        Constraint::Length(if chart_h >= 6 { chart_h } else { 0 }),
    ])
    .areas(body);
    frame.render_widget(Paragraph::new(lines), table);
    if let (true, Some(Remote::Loaded(exact))) = (chart_h >= 6, state) {
        let bins = chart::overall(&exact.stats.models);
        chart::draw_bars(frame, bars, &bins, " Scores of every log (0-10) ");
    }
    frame.render_widget(Paragraph::new(hint_line(Ctx::Scoreboard)), hints);
}

fn board(s: &PromptStats, width: usize) -> Vec<Line<'static>> {
    if s.total == 0 {
        return vec![Line::styled("No logs yet.", theme::dim())];
    }
    let spark_width = width.saturating_sub(80).max(8);
    let mut lines = vec![
        Line::from(format!(
            "{} logs, {} unscored \u{b7} over time {}",
            s.total,
            s.unscored,
            tail(&stats::sparkline(&s.series), spark_width)
        )),
        Line::from(""),
        Line::styled(
            format!(
                "{:<22} {:>5} {:>6} {:>6} {:>9}  {:<11}  over time",
                "Model", "count", "mean", "median", "min-max", "0 scores 10"
            ),
            theme::dim(),
        ),
    ];
    for m in &s.models {
        let range = format!("{}-{}", fmt_score(m.min), fmt_score(m.max));
        lines.push(Line::from(vec![
            Span::raw(format!(
                "{:<22.22} {:>5} {:>6} {:>6} {:>9}  ",
                sanitize::line(&m.model),
                m.count,
                num(m.mean),
                num(m.median),
                range,
            )),
            Span::styled(chart::mini(&m.histogram), theme::key()),
            Span::raw(format!(
                "  {}",
                tail(&stats::sparkline(&m.trend), spark_width)
            )),
        ]));
    }
    lines.push(Line::from(""));
    for (label, log) in [("Best ", &s.best), ("Worst", &s.worst)] {
        if let Some(l) = log {
            lines.push(Line::from(vec![
                Span::styled(format!("{label} "), theme::key()),
                Span::raw(format!(
                    "{} \u{b7} {} \u{b7} score {} \u{b7} {}",
                    sanitize::line(&l.id),
                    sanitize::line(&l.model_used),
                    fmt_score(l.score),
                    sanitize::excerpt(super::logs::rows::first_line(&l.output), 40)
                )),
            ]));
        }
    }
    lines
}

/// The last `n` characters of `s` (the newest scores of a sparkline).
fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}
