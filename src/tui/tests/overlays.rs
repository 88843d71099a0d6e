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
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('b'));
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
