//! The prompt list: selecting, filtering, what it shows.

use super::*;

#[test]
fn enter_selects_and_focuses_output() {
    let mut app = app();
    assert_eq!(app.focus, Focus::Prompts);
    key(&mut app, KeyCode::Down);
    assert_eq!(app.current_id(), Some("prm_2"));
    let cmds = key(&mut app, KeyCode::Up);
    assert!(cmds.is_empty(), "logs of prm_1 already loaded");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Focus::Form(Field::Output));
    assert_eq!(app.current_form().unwrap().model_text(), "gpt-4o");
}

#[test]
fn filter_keys_go_to_the_filter_not_to_hotkeys() {
    let mut app = app();
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "qr");
    assert_eq!(app.list.filter, "qr");
    assert!(!app.quit, "q typed into the filter does not quit");
    assert_eq!(app.current_id(), Some("prm_1"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.list.filter, "");
    assert!(!app.list.filtering);
}

#[test]
fn main_screen_and_filter() {
    let mut app = app();
    insta::assert_snapshot!("main_screen", screen(&app, 100, 30).backend());
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "inv");
    insta::assert_snapshot!("filtered", screen(&app, 100, 30).backend());
}

#[test]
fn the_filter_highlights_the_matched_characters() {
    let mut app = app();
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "invf");
    assert_eq!(app.list.rows.len(), 1);
    let t = screen(&app, 100, 30);
    let buf = t.backend().buffer();
    // Row 2 is the first match, under the filter line: "  Invoice fields".
    let row: String = (1..35).map(|x| buf[(x, 2)].symbol().to_owned()).collect();
    assert!(row.starts_with("  Invoice fields"), "{row:?}");
    let below: String = (1..35).map(|x| buf[(x, 3)].symbol().to_owned()).collect();
    assert!(
        below.starts_with("  gemini-2.5-flash  #extraction"),
        "{below:?}"
    );
    let marked: String = (1..35)
        .filter(|&x| {
            let m = crate::tui::theme::matched();
            let cell = &buf[(x, 2)];
            m.add_modifier.is_empty() || cell.modifier.contains(m.add_modifier)
        })
        .filter(|&x| {
            let m = crate::tui::theme::matched();
            m.fg.is_none_or(|fg| buf[(x, 2)].fg == fg)
        })
        .map(|x| buf[(x, 2)].symbol().to_owned())
        .collect();
    assert_eq!(marked, "Invf", "only the matched characters are marked");
}

#[test]
fn wide_characters_keep_columns() {
    let mut app = app();
    let p = prompt(
        1,
        "日本語のプロンプト 🎉 test",
        "gpt-4o",
        &["絵文字"],
        "内容 🎉🎉 end",
    );
    app.update(Message::Api(ApiEvent::Prompts(Ok(vec![p]))));
    let t = screen(&app, 100, 30);
    let rendered = format!("{}", t.backend());
    // Every row is exactly as wide as the terminal: nothing pushed right borders.
    let buf = t.backend().buffer();
    for y in 0..30 {
        let right = buf[(99, y)].symbol();
        let left_pane_edge = buf[(35, y)].symbol();
        assert!(
            right == "\u{2502}" || right == "\u{2510}" || right == "\u{2518}" || y >= 27,
            "row {y}: {right:?}\n{rendered}"
        );
        let _ = left_pane_edge;
    }
}

/// The prompt list arrives page by page: the first page is drawn at once
/// (the title says more are coming), later pages add to it and the filter
/// finds their prompts; the prompt the last run ended on is selected when
/// its page arrives; a failed later page keeps the prompts there and says so.
#[test]
fn prompt_pages_add_up_and_a_late_failure_keeps_the_list() {
    let mut app = app();
    app.recall.last_prompt = Some("prm_250".into());
    let all = crate::tui::fixtures::many_prompts(300);
    let page = |app: &mut App, range: std::ops::Range<usize>, first, last| {
        app.update(Message::Api(ApiEvent::PromptPage {
            result: Ok(all[range].to_vec()),
            first,
            last,
        }))
    };
    page(&mut app, 0..200, true, false);
    assert_eq!(app.list.prompts.len(), 200);
    assert!(app.list.more);
    assert_eq!(app.current_id(), Some("prm_1"), "prm_250 is not here yet");
    let buf = screen(&app, 100, 30);
    let top: String = (0..40)
        .map(|x| buf.backend().buffer()[(x, 0)].symbol().to_owned())
        .collect();
    assert!(top.contains("Prompts 200/200\u{2026}"), "{top:?}");
    let cmds = page(&mut app, 200..300, false, true);
    assert_eq!(app.list.prompts.len(), 300);
    assert!(!app.list.more);
    assert_eq!(
        app.current_id(),
        Some("prm_250"),
        "selected once it arrived"
    );
    assert_eq!(
        cmds,
        vec![
            Cmd::LoadLogs("prm_250".into()),
            Cmd::LoadStats("prm_250".into())
        ]
    );
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "number 299 ");
    app.list.settle();
    let found = shown_ids(&app);
    assert_eq!(
        found.first(),
        Some(&"prm_299"),
        "a prompt of the last page is found first"
    );

    let mut app = super::app();
    page(&mut app, 0..200, true, false);
    app.update(Message::Api(ApiEvent::PromptPage {
        result: Err(status(500, "boom")),
        first: false,
        last: true,
    }));
    assert_eq!(app.list.prompts.len(), 200, "the prompts shown stay");
    assert!(!app.list.more);
    let banner = &app.banner.as_ref().unwrap().text;
    assert!(
        banner.starts_with("Loaded 200 prompts; the rest did not load"),
        "{banner}"
    );
}

/// With a filter set and the user at work in the form, prompts of a later
/// page that match better never move the highlight to another prompt.
#[test]
fn a_later_page_does_not_move_the_highlight_under_a_committed_filter() {
    let mut app = app();
    let all = crate::tui::fixtures::many_prompts(300);
    app.update(Message::Api(ApiEvent::PromptPage {
        result: Ok(all[..200].to_vec()),
        first: true,
        last: false,
    }));
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "number 25");
    app.list.settle();
    key(&mut app, KeyCode::Enter);
    let chosen = app.current_id().unwrap().to_owned();
    app.update(Message::Api(ApiEvent::PromptPage {
        result: Ok(all[200..].to_vec()),
        first: false,
        last: true,
    }));
    app.list.settle();
    let found = shown_ids(&app);
    assert!(
        found.contains(&"prm_250"),
        "the new page is matched: {found:?}"
    );
    assert_eq!(app.current_id(), Some(chosen.as_str()));
}

/// The ids of the prompts in the list's rows, in order.
fn shown_ids(app: &App) -> Vec<&str> {
    app.list
        .rows
        .iter()
        .map(|r| app.list.prompts[r.index].id())
        .collect()
}

/// A key that changes the filter starts the matcher at once and holds the
/// frame for its results, never longer than `FRAME_HOLD` after the first
/// key that found the frame free; with the results in, nothing holds it.
/// (30,000 prompts: the run outlasts the key. The clock is tokio's, paused:
/// it moves only when the test moves it.)
#[tokio::test(start_paused = true)]
async fn a_filter_key_holds_the_frame_for_its_results() {
    use crate::tui::components::prompt_list::FRAME_HOLD;
    use std::time::Duration;
    // A key as the loop hands it over: the matcher's results not waited for.
    let unsettled = |app: &mut App, code| {
        app.update(Message::Input(Event::Key(KeyEvent::from(code))));
    };
    let mut app =
        crate::tui::fixtures::app_with(crate::tui::fixtures::many_prompts(30_000), Vec::new());
    key(&mut app, KeyCode::Char('/'));
    let before = tokio::time::Instant::now();
    unsettled(&mut app, KeyCode::Char('7'));
    assert_eq!(app.hold_frame(), Some(before + FRAME_HOLD));
    // Another key before the results: the frame waits no longer for it.
    tokio::time::advance(Duration::from_millis(2)).await;
    unsettled(&mut app, KeyCode::Char('7'));
    assert_eq!(app.hold_frame(), Some(before + FRAME_HOLD));
    app.list.settle();
    assert_eq!(app.hold_frame(), None);
    assert!(!app.list.rows.is_empty());
    // Once a hold is over, the next key holds the frame afresh.
    tokio::time::advance(FRAME_HOLD).await;
    let later = tokio::time::Instant::now();
    unsettled(&mut app, KeyCode::Char('9'));
    if let Some(hold) = app.hold_frame() {
        assert_eq!(hold, later + FRAME_HOLD);
    }
    app.list.settle();
    // Erasing to no filter shows every prompt at once: nothing to wait for.
    for _ in 0..3 {
        unsettled(&mut app, KeyCode::Backspace);
    }
    assert_eq!(app.hold_frame(), None);
    assert_eq!(app.list.rows.len(), 30_000);
}

/// The filter's results come after the key (the matcher runs on its own
/// threads): when they highlight another prompt, its logs are asked for
/// then, as when the highlight moves by a key.
#[test]
fn results_that_come_later_load_the_highlighted_prompts_logs() {
    let mut app =
        crate::tui::fixtures::app_with(crate::tui::fixtures::many_prompts(30_000), Vec::new());
    key(&mut app, KeyCode::Char('/'));
    let mut cmds = Vec::new();
    for c in "'29999".chars() {
        cmds.extend(app.update(Message::Input(Event::Key(KeyEvent::from(KeyCode::Char(c))))));
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while app.list.rows.len() != 1 {
        assert!(std::time::Instant::now() < deadline, "no results");
        cmds.extend(app.update(Message::Matched));
        std::thread::yield_now();
    }
    let id = app.current_id().unwrap().to_owned();
    assert_eq!(
        app.list.selected_prompt().unwrap().title(),
        "Prompt number 29999 about topic 26"
    );
    assert!(cmds.contains(&Cmd::LoadLogs(id.clone())), "{id}: {cmds:?}");
}
