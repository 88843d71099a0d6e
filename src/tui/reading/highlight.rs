//! Syntax highlighting of fenced code blocks with syntect (its pure-Rust
//! fancy-regex engine and bundled syntaxes), loaded once on first use.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, Theme, ThemeSet};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The bundled syntaxes and the theme code is drawn in.
fn sets() -> &'static (SyntaxSet, Theme) {
    static SETS: OnceLock<(SyntaxSet, Theme)> = OnceLock::new();
    SETS.get_or_init(|| {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let mut themes = ThemeSet::load_defaults();
        let theme = themes
            .themes
            .remove("base16-ocean.dark")
            .unwrap_or_default();
        (syntaxes, theme)
    })
}

/// The lines of a code block in language `lang` (a fence's info string),
/// highlighted when syntect knows the language, plain otherwise; each
/// indented by two columns.
#[must_use]
pub fn code(lang: &str, code: &str) -> Vec<Line<'static>> {
    let token = lang.split([' ', ',', '{']).next().unwrap_or("");
    let (syntaxes, theme) = sets();
    let Some(syntax) = (!token.is_empty())
        .then(|| syntaxes.find_syntax_by_token(token))
        .flatten()
    else {
        return code
            .lines()
            .map(|l| Line::from(vec![Span::raw("  "), Span::raw(l.to_owned())]))
            .collect();
    };
    let mut h = HighlightLines::new(syntax, theme);
    let mut out = Vec::new();
    for line in LinesWithEndings::from(code) {
        let mut spans = vec![Span::raw("  ")];
        match h.highlight_line(line, syntaxes) {
            Ok(ranges) => spans.extend(ranges.into_iter().map(|(style, text)| {
                Span::styled(
                    text.trim_end_matches(['\n', '\r']).to_owned(),
                    convert(style),
                )
            })),
            Err(_) => spans.push(Span::raw(line.trim_end_matches(['\n', '\r']).to_owned())),
        }
        out.push(Line::from(spans));
    }
    out
}

fn convert(s: syntect::highlighting::Style) -> Style {
    let c = s.foreground;
    let mut style = Style::default().fg(Color::Rgb(c.r, c.g, c.b));
    if s.font_style.contains(FontStyle::BOLD) {
        style = style.add_modifier(Modifier::BOLD);
    }
    if s.font_style.contains(FontStyle::ITALIC) {
        style = style.add_modifier(Modifier::ITALIC);
    }
    style
}
