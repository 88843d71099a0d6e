//! The reading views: the logs pane's columns at 80, 120 and 200 columns,
//! its search, sort, model filter and diff mark; a markdown answer rendered
//! and raw; the scoreboard's charts; copying to the clipboard.

use super::*;
use crate::model::Log;
use crate::tui::fixtures::app_with;

const ANSWER: &str = "# Ticket classification\n\nThe customer reports a **double charge** on the March invoice.\n\n- category: billing\n- urgency: high\n\n| field | value |\n|---|---|\n| invoice | INV-2291 |\n| amount | 49.00 |\n\n```json\n{\"category\": \"billing\", \"refund\": true}\n```\n";

fn reading_logs() -> Vec<Log> {
    let mut logs = vec![
        log(
            5,
            "prm_1",
            "anthropic/claude-3-5-sonnet-20241022-long-model-name",
            Some(9.0),
            "```json\n{\"invoice_number\": \"INV-2291\", \"total\": 49.0, \"currency\": \"EUR\"}\n```",
        ),
        log(
            4,
            "prm_1",
            "gemini-2.5-flash-preview-05-20",
            Some(8.0),
            ANSWER,
        ),
        log(
            3,
            "prm_1",
            "gpt-4o",
            None,
            "Revenue rose 12% on online sales, driven by the spring campaign and a new wholesale partner in Lyon.",
        ),
        log(2, "prm_1", "gpt-4o-mini", Some(4.0), "Short answer."),
    ];
    logs[0].notes = Some(
        "Right fields, but the total should be a string with two decimals as the schema says."
            .into(),
    );
    logs[2].notes = None;
    logs
}

fn reading_app(w: u16, h: u16) -> App {
    let mut app = app_with(crate::tui::fixtures::prompts(), reading_logs());
    app.update(Message::Input(Event::Resize(w, h)));
    app.set_focus(Focus::Logs);
    app
}

#[test]
fn the_logs_pane_scales_its_columns_with_the_width() {
    for (w, h) in [(80, 24), (120, 35), (200, 50)] {
        let mut app = reading_app(w, h);
        key(&mut app, KeyCode::Down);
        key(&mut app, KeyCode::Char('m'));
        key(&mut app, KeyCode::Up);
        let pane = logs_pane(&app, w, h);
        assert!(!pane.contains("```"), "a fence is no first line:\n{pane}");
        assert!(
            pane.contains("\u{25c6}"),
            "the marked row is marked:\n{pane}"
        );
        insta::assert_snapshot!(format!("logs_pane_{w}"), pane);
    }
}

#[test]
fn slash_searches_s_sorts_and_f_filters_the_logs() {
    let mut app = reading_app(120, 35);
    let id = |app: &App| app.logs.selected_log("prm_1").map(|l| l.id.clone());
    key(&mut app, KeyCode::Char('/'));
    assert!(app.logs.searching);
    typed(&mut app, "schema");
    assert_eq!(id(&app).as_deref(), Some("log_5"), "found in the notes");
    assert_eq!(app.logs.loaded("prm_1").unwrap().shown_len(), 1);
    key(&mut app, KeyCode::Enter);
    assert!(!app.logs.searching);
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        app.logs.loaded("prm_1").unwrap().shown_len(),
        4,
        "Esc clears it"
    );
    key(&mut app, KeyCode::Char('s'));
    let order: Vec<_> = (0..4)
        .map(|i| {
            app.logs
                .loaded("prm_1")
                .unwrap()
                .shown(i)
                .unwrap()
                .id
                .clone()
        })
        .collect();
    assert_eq!(
        order,
        ["log_5", "log_4", "log_2", "log_3"],
        "by score, unscored last"
    );
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(
        id(&app).as_deref(),
        Some("log_5"),
        "by model: anthropic first"
    );
    key(&mut app, KeyCode::Char('s'));
    key(&mut app, KeyCode::Char('f'));
    let shown = app.logs.loaded("prm_1").unwrap();
    assert_eq!(shown.shown_len(), 1);
    assert!(
        logs_pane(&app, 120, 35).contains("model anthropic"),
        "the title says the filter"
    );
}

#[test]
fn a_markdown_answer_is_rendered_and_r_shows_it_raw() {
    let mut app = reading_app(100, 34);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay_as::<LogDetail>().is_some());
    let rendered = format!("{}", screen(&app, 100, 34).backend());
    assert!(
        !rendered.contains("**double charge**") && !rendered.contains("```json"),
        "{rendered}"
    );
    assert!(
        rendered.contains("Prompt Quarterly report summary"),
        "names its prompt:\n{rendered}"
    );
    insta::assert_snapshot!("markdown_rendered", rendered);
    key(&mut app, KeyCode::Char('r'));
    let raw = format!("{}", screen(&app, 100, 34).backend());
    assert!(
        raw.contains("**double charge**") && raw.contains("```json"),
        "{raw}"
    );
    insta::assert_snapshot!("markdown_raw", raw);
}

#[test]
fn the_scoreboard_draws_each_models_distribution_and_a_bar_chart() {
    let mut app = reading_app(120, 40);
    key(&mut app, KeyCode::Char('b'));
    let board = format!("{}", screen(&app, 120, 40).backend());
    assert!(board.contains("Scores of every log (0-10)"), "{board}");
    assert!(board.contains("0 scores 10"), "{board}");
    insta::assert_snapshot!("scoreboard_charts", board);
}

#[test]
fn c_copies_the_output_and_says_so() {
    let mut app = reading_app(120, 35);
    let cmds = key(&mut app, KeyCode::Char('c'));
    let output = reading_logs()[0].output.clone();
    let n = output.chars().count();
    assert_eq!(cmds, vec![Cmd::Clipboard(output)]);
    let banner = app
        .banner
        .as_ref()
        .map(|b| b.text.clone())
        .unwrap_or_default();
    assert_eq!(
        banner,
        format!("Copied {n} chars to the clipboard (OSC 52)")
    );
    let cmds = key(&mut app, KeyCode::Char('C'));
    assert_eq!(
        cmds,
        vec![Cmd::Clipboard(reading_logs()[0].notes.clone().unwrap())]
    );
    key(&mut app, KeyCode::Enter);
    let cmds = key(&mut app, KeyCode::Char('c'));
    assert_eq!(cmds.len(), 1, "from the log detail too");
}
