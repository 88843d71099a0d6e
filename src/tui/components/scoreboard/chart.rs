//! The scoreboard's pictures, from `stats::ModelStats::histogram`: a score distribution (0-10) as a one-row
//! histogram beside each model's figures, and as a bar chart of every log.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block};

use crate::stats::ModelStats;
use crate::tui::theme;

/// Every model's histogram (scored logs per score 0..=10) added up.
#[must_use]
pub fn overall(models: &[ModelStats]) -> [usize; 11] {
    let mut bins = [0usize; 11];
    for m in models {
        for (b, n) in bins.iter_mut().zip(m.histogram) {
            *b += n;
        }
    }
    bins
}

/// `bins` as eleven block characters, one per score, their heights scaled
/// to the fullest bin (an empty bin is `·`).
#[must_use]
pub fn mini(bins: &[usize; 11]) -> String {
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
                let step = ((n * 7).div_ceil(top)).min(7);
                BLOCKS[step]
            }
        })
        .collect()
}

/// Draws `bins` as a bar chart (scores 0 to 10 along the bottom, counts on
/// the bars) in `area`, titled `title`.
pub fn draw_bars(frame: &mut Frame, area: Rect, bins: &[usize; 11], title: &str) {
    let bars: Vec<Bar> = bins
        .iter()
        .enumerate()
        .map(|(score, &n)| {
            Bar::default()
                .value(u64::try_from(n).unwrap_or(u64::MAX))
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
    fn the_bars_add_up_every_model_and_scale_to_the_fullest() {
        let log = |m: &str, s: Option<f64>| crate::tui::fixtures::log(1, "p", m, s, "out");
        let logs = [
            log("a", Some(9.0)),
            log("b", Some(9.4)),
            log("a", Some(3.0)),
            log("a", None),
        ];
        let bins = overall(&crate::stats::model_stats(&logs));
        assert_eq!(bins[9], 2);
        assert_eq!(bins[3], 1);
        assert_eq!(bins.iter().sum::<usize>(), 3);
        let m = mini(&bins);
        assert_eq!(m.chars().count(), 11);
        assert_eq!(m.chars().nth(9), Some('\u{2588}'));
        assert_eq!(m.chars().next(), Some('\u{b7}'));
    }
}
