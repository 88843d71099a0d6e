//! The overlays: help, a log in full, questions, the scoreboard, the diff.

use super::*;

#[test]
fn help_overlay_lists_bindings() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'));
    assert!(app.overlay_as::<Help>().is_some());
    insta::assert_snapshot!("help", screen(&app, 100, 30).backend());
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
}

#[test]
fn log_detail_and_delete_confirmation() {
    let mut app = app();
    key(&mut app, KeyCode::Tab);
    // Tab order: Prompts, Output, Model, Score, Notes, Logs, Prompt.
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.focus, Focus::Logs);
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("log_detail", screen(&app, 100, 30).backend());
    key(&mut app, KeyCode::Char('d'));
    insta::assert_snapshot!("delete_confirmation", screen(&app, 100, 30).backend());
    let cmds = key(&mut app, KeyCode::Char('y'));
    assert_eq!(
        cmds,
        vec![Cmd::DeleteLog {
            log_id: "log_3".into(),
            prompt_id: "prm_1".into()
        }]
    );
}

#[test]
fn quit_asks_when_text_is_unsent() {
    let mut app = app();
    key(&mut app, KeyCode::Char('q'));
    assert!(app.quit, "nothing typed: quits at once");
    let mut app = crate::tui::fixtures::app();
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "q");
    assert!(!app.quit, "q types in the output");
    press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(question(&app) == Some(&Question::Quit));
    key(&mut app, KeyCode::Char('n'));
    assert!(!app.quit);
    press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    key(&mut app, KeyCode::Char('y'));
    assert!(app.quit);
}

#[test]
fn scoreboard_per_model_and_best_worst_one_key_away() {
    let mut app = app();
    key(&mut app, KeyCode::Char('b'));
    assert!(
        app.overlay_as::<Scoreboard>()
            .is_some_and(|s| s.prompt_id == "prm_1")
    );
    insta::assert_snapshot!("scoreboard", screen(&app, 100, 30).backend());
    key(&mut app, KeyCode::Char('b'));
    assert!(
        app.overlay_as::<LogDetail>()
            .is_some_and(|d| d.log.id == "log_3")
    );
    // Esc from a log opened on the scoreboard goes back to the scoreboard.
    key(&mut app, KeyCode::Esc);
    assert!(
        app.overlay_as::<Scoreboard>().is_some(),
        "{:?}",
        app.overlay
    );
    key(&mut app, KeyCode::Char('w'));
    assert!(
        app.overlay_as::<LogDetail>()
            .is_some_and(|d| d.log.id == "log_1")
    );
}

#[test]
fn mark_two_logs_to_see_their_word_diff() {
    let mut app = app();
    app.set_focus(Focus::Logs);
    key(&mut app, KeyCode::Char('m'));
    assert!(app.overlay.is_none(), "one marked: nothing yet");
    assert_eq!(
        app.logs.diff_mark.as_ref().map(|l| l.id.as_str()),
        Some("log_3")
    );
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('m'));
    let Some(diff) = app.overlay_as::<LogDiff>() else {
        panic!("a diff: {:?}", app.overlay);
    };
    assert_eq!(
        (diff.left.id.as_str(), diff.right.id.as_str()),
        ("log_3", "log_2")
    );
    insta::assert_snapshot!("log_diff", screen(&app, 100, 30).backend());
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none() && app.logs.diff_mark.is_none());
}

#[test]
fn help_search_keeps_the_matching_rows_and_esc_clears_it() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'));
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "undo");
    let help = app.overlay_as::<Help>().unwrap();
    assert_eq!(help.query, "undo", "q and ? type while searching");
    let text: String =
        crate::tui::components::help::lines(crate::tui::keymap::active(), &help.query)
            .iter()
            .map(|l| format!("{l}\n"))
            .collect();
    assert!(text.contains("Ctrl-U") && text.contains("undo"), "{text}");
    assert!(!text.contains("Ctrl-S"), "{text}");
    insta::assert_snapshot!("help_search", screen(&app, 100, 30).backend());
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay_as::<Help>().unwrap().query.is_empty());
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
}

#[test]
fn a_banner_goes_when_its_prompt_or_overlay_does() {
    let mut app = app();
    app.say(Level::Success, "Logged log_1.");
    key(&mut app, KeyCode::Char('j'));
    assert!(app.banner.is_none(), "another prompt: the banner went");
    app.say(Level::Info, "Draft discarded.");
    key(&mut app, KeyCode::Char('?'));
    assert!(app.banner.is_none(), "another overlay: the banner went");
    key(&mut app, KeyCode::Esc);
    app.say(Level::Info, "Stays.");
    key(&mut app, KeyCode::Tab);
    assert!(
        app.banner.is_some(),
        "moving focus in the same prompt keeps it"
    );
}

#[test]
fn the_focused_pane_is_drawn_apart_without_colour() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("focused_output", screen(&app, 100, 30).backend());
    let text = format!("{:?}", screen(&app, 100, 30).backend());
    assert_eq!(text.matches('\u{25b6}').count(), 1, "one pane is marked");
    assert!(text.contains("\u{25b6} Output"));
}
