use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::text::Line;

use super::*;

fn plain(lines: &[Line<'_>]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

#[test]
fn wraps_at_words_without_a_leading_space() {
    let lines = wrap(&[Line::from("the quick brown fox jumps")], 10);
    assert_eq!(plain(&lines), ["the quick", "brown fox", "jumps"]);
    let long = wrap(&[Line::from("abcdefghijkl")], 5);
    assert_eq!(plain(&long), ["abcde", "fghij", "kl"]);
    let indented = wrap(&[Line::from("    indented words here")], 12);
    assert_eq!(plain(&indented), ["    indented", "words here"]);
}

#[test]
fn markdown_renders_headings_lists_tables_and_code() {
    let md = "# Title\n\nSome **bold** text.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```json\n{\"k\": 1}\n```\n";
    let text = plain(&lines(md, false, 60)).join("\n");
    assert!(!text.contains("**"), "{text}");
    assert!(!text.contains("```"), "{text}");
    assert!(text.contains("bold"), "{text}");
    assert!(text.contains('\u{2502}') || text.contains('|'), "{text}");
    assert!(text.contains("{\"k\": 1}"), "{text}");
    let raw = plain(&lines(md, true, 60)).join("\n");
    assert!(raw.contains("**bold**") && raw.contains("```json"), "{raw}");
}

#[test]
fn an_escape_in_the_text_never_reaches_the_buffer() {
    let evil = "# Hi \u{1b}]52;c;ZXZpbA==\u{7}\n\n```sh\necho \u{1b}[31mred\n```\n| \u{1b}[2J | x |\n|---|---|\n| \u{9b}1m | y |\n";
    for raw in [false, true] {
        let made = lines(evil, raw, 40);
        let mut term = Terminal::new(TestBackend::new(40, 20)).unwrap();
        term.draw(|f| draw(f, f.area(), &made, 0)).unwrap();
        let buffer = term.backend().buffer();
        for cell in &buffer.content {
            assert!(
                !cell.symbol().chars().any(crate::sanitize::is_unsafe),
                "unsafe char in {:?}",
                cell.symbol()
            );
        }
    }
}

#[test]
fn scroll_marks_show_where_text_continues() {
    let made: Vec<Line<'static>> = (0..10).map(|i| Line::from(format!("line {i}"))).collect();
    let mut term = Terminal::new(TestBackend::new(20, 4)).unwrap();
    term.draw(|f| draw(f, f.area(), &made, 3)).unwrap();
    let rows: Vec<String> = (0..4)
        .map(|y| {
            (0..20)
                .map(|x| term.backend().buffer()[(x, y)].symbol().to_owned())
                .collect()
        })
        .collect();
    // Each mark has a row of its own: no line of text is hidden under one.
    assert!(
        rows[0].trim_start().starts_with("\u{2191} more"),
        "{rows:?}"
    );
    assert!(rows[1].starts_with("line 3"), "{rows:?}");
    assert!(rows[2].starts_with("line 4"), "{rows:?}");
    assert!(
        rows[3].trim_start().starts_with("\u{2193} more"),
        "{rows:?}"
    );
    term.draw(|f| draw(f, f.area(), &made, 100)).unwrap();
    let last: String = (0..20)
        .map(|x| term.backend().buffer()[(x, 3)].symbol().to_owned())
        .collect();
    assert!(
        last.starts_with("line 9"),
        "never scrolls past the end: {last}"
    );
}
