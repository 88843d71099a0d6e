//! The scoreboard's pictures: a score distribution (0-10) as a one-row
//! histogram beside each model's figures, and as a bar chart of every log.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block};

use crate::model::Log;
use crate::tui::theme;

/// How many scored logs fell on each score 0..=10 (fractional scores
/// rounded to the nearest whole one).
#[must_use]
pub fn histogram<'a>(logs: impl Iterator<Item = &'a Log>) -> [u64; 11] {
    let mut bins = [0u64; 11];
    for s in logs.filter_map(|l| l.score) {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "clamped to 0..=10"
        )]
        let i = s.round().clamp(0.0, 10.0) as usize;
        bins[i] += 1;
    }
    bins
}

/// `bins` as eleven block characters, one per score, their heights scaled
/// to the fullest bin (an empty bin is `·`).
#[must_use]
pub fn mini(bins: &[u64; 11]) -> String {
    const BLOCKS: [char; 8] = [
        '\u{2581}', '\u{2582}', '\u{2583}', '\u{2584}', '\u{2585}', '\u{2586}', '\u{2587}',
        '\u{2588}',
    ];
    let top = bins.iter().copied().max().unwrap_or(0).max(1);
    bins.iter()
        .map(|&n| {
            if n == 0 {
                '\u{b7}'
            } else {
                let step = usize::try_from((n * 7).div_ceil(top)).unwrap_or(7).min(7);
                BLOCKS[step]
            }
        })
        .collect()
}

/// Draws `bins` as a bar chart (scores 0 to 10 along the bottom, counts on
/// the bars) in `area`, titled `title`.
pub fn draw_bars(frame: &mut Frame, area: Rect, bins: &[u64; 11], title: &str) {
    let bars: Vec<Bar> = bins
        .iter()
        .enumerate()
        .map(|(score, &n)| {
            Bar::default()
                .value(n)
                .label(Line::from(score.to_string()))
                .text_value(if n == 0 { String::new() } else { n.to_string() })
        })
        .collect();
    let width = area.width.saturating_sub(2);
    let bar_w = (width.saturating_sub(10) / 11).clamp(1, 5);
    let chart = BarChart::default()
        .block(
            Block::bordered()
                .border_style(theme::unfocused())
                .title(title.to_owned()),
        )
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_w)
        .bar_gap(1)
        .bar_style(theme::key())
        .value_style(Style::default().add_modifier(ratatui::style::Modifier::REVERSED))
        .label_style(theme::dim());
    frame.render_widget(chart, area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_counts_each_score() {
        let log = |s: Option<f64>| crate::tui::fixtures::log(1, "p", "m", s, "out");
        let logs = [
            log(Some(9.0)),
            log(Some(9.4)),
            log(Some(3.0)),
            log(None),
            log(Some(10.0)),
        ];
        let bins = histogram(logs.iter());
        assert_eq!(bins[9], 2);
        assert_eq!(bins[3], 1);
        assert_eq!(bins[10], 1);
        assert_eq!(bins.iter().sum::<u64>(), 4);
        let m = mini(&bins);
        assert_eq!(m.chars().count(), 11);
        assert_eq!(m.chars().nth(9), Some('\u{2588}'));
        assert_eq!(m.chars().next(), Some('\u{b7}'));
    }
}
