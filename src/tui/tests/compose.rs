//! The compose form: editing, pasting, scores, models, checks, the editor.

use super::*;

#[test]
fn paste_is_one_edit_and_fires_no_hotkey() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    let cmds = paste(&mut app, "q a r ? /\r\nline two\rline three");
    assert!(cmds.is_empty());
    assert!(!app.quit && app.overlay.is_none());
    let form = app.current_form().unwrap();
    assert_eq!(form.output_text(), "q a r ? /\nline two\nline three");
    // One undo removes the whole paste.
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(app.current_form().unwrap().output_text(), "");
}

#[test]
fn tab_order_inside_the_form() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    let mut seen = vec![app.focus];
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
        seen.push(app.focus);
    }
    use Field::*;
    assert_eq!(
        seen,
        vec![
            Focus::Form(Output),
            Focus::Form(Model),
            Focus::Form(Score),
            Focus::Form(Notes),
            Focus::Logs
        ]
    );
    press(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(app.focus, Focus::Form(Notes));
}

#[test]
fn score_keys_and_model_cycling() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Form(Field::Model));
    key(&mut app, KeyCode::Down);
    let models = app.compose.known_models.clone();
    assert_eq!(
        models,
        vec!["gpt-4o".to_owned(), "claude-sonnet-4".to_owned()]
    );
    assert_eq!(app.current_form().unwrap().model_text(), "claude-sonnet-4");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "10");
    assert_eq!(app.current_form().unwrap().score, Some(10));
    key(&mut app, KeyCode::Char('-'));
    assert_eq!(app.current_form().unwrap().score, Some(9));
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(
        app.current_form().unwrap().score,
        Some(9),
        "letters do not change the score"
    );
}

#[test]
fn submit_checks_first_and_sends_nothing_when_invalid() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    // Clear the model field entirely.
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    let cmds = key(&mut app, KeyCode::F(5));
    assert!(cmds.is_empty());
    let form = app.current_form().unwrap();
    assert_eq!(form.problem(Field::Output), Some("must not be blank"));
    assert_eq!(form.problem(Field::Model), Some("must not be blank"));
    assert_eq!(
        app.focus,
        Focus::Form(Field::Output),
        "focus on the first bad field"
    );
    insta::assert_snapshot!("validation_errors", screen(&app, 100, 30).backend());
}

#[test]
fn logging_from_the_form_costs_four_keys_after_the_paste() {
    let mut app = app();
    key(&mut app, KeyCode::Enter); // the prompt is chosen; the cursor is in Output
    paste(&mut app, "A pasted answer.");
    let keys = [
        (KeyCode::Tab, KeyModifiers::NONE),
        (KeyCode::Tab, KeyModifiers::NONE),
        (KeyCode::Char('9'), KeyModifiers::NONE),
        (KeyCode::Char('s'), KeyModifiers::CONTROL),
    ];
    let mut sent = Vec::new();
    for (code, mods) in keys {
        sent = press(&mut app, code, mods);
    }
    assert_eq!(keys.len(), 4);
    let [Cmd::Submit(log)] = sent.as_slice() else {
        panic!("{sent:?}")
    };
    assert_eq!(log.output, "A pasted answer.");
    assert_eq!(log.score, Some(9));
    assert_eq!(log.model_used, "gpt-4o", "the prompt's model, untouched");
}

#[test]
fn control_characters_in_the_editors_are_shown_as_symbols_and_sent_as_pasted() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    let evil = "say \u{1b}[31mred\u{1b}[0m\u{7}, \u{202e}txet\u{202c} and \u{9b}2J.\nline 2\tend";
    paste(&mut app, evil);
    key(&mut app, KeyCode::Tab);
    paste(&mut app, " \u{1b}]0;x\u{7}");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    paste(&mut app, "note \u{8}\u{8}!");
    let t = screen(&app, 100, 30);
    let buf = t.backend().buffer();
    assert!(
        buf.content()
            .iter()
            .all(|c| !c.symbol().chars().any(crate::sanitize::is_unsafe))
    );
    let text = format!("{}", t.backend());
    for shown in [
        "say \u{241b}[31mred\u{241b}[0m\u{2407}, \u{fffd}txet\u{fffd} and \u{fffd}2J.",
        "\u{241b}]0;x\u{2407}",
        "note \u{2408}\u{2408}!",
        "6 control chars",
    ] {
        assert!(text.contains(shown), "{shown:?} not on screen:\n{text}");
    }
    let log = app.current_form().unwrap().new_log();
    assert_eq!(log.output.as_bytes(), evil.as_bytes());
    assert_eq!(log.model_used, "gpt-4o \u{1b}]0;x\u{7}");
    assert_eq!(log.notes.as_deref(), Some("note \u{8}\u{8}!"));
}

#[test]
fn ctrl_g_hands_the_output_to_the_editor_and_takes_it_back() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    paste(&mut app, "draft \u{1b}[1m one");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Form(Field::Notes));
    // From any field of the form, and with the exact text (controls included).
    let cmds = press(&mut app, KeyCode::Char('g'), KeyModifiers::CONTROL);
    assert_eq!(cmds, [Cmd::OpenEditor("draft \u{1b}[1m one".into())]);
    app.update(Message::EditorDone(Err(exited("nvim", 1))));
    let banner = app.banner.clone().unwrap();
    assert_eq!(banner.level, Level::Error);
    assert!(
        banner.text.contains("exited with exit status: 1"),
        "{}",
        banner.text
    );
    assert_eq!(
        app.current_form().unwrap().output_text(),
        "draft \u{1b}[1m one"
    );
    app.update(Message::EditorDone(Ok("edited\r\nin vim\n".into())));
    let form = app.current_form().unwrap();
    assert_eq!(form.output_text(), "edited\nin vim");
    assert_eq!(form.output_stats, (2, 13));
    assert_eq!(app.focus, Focus::Form(Field::Output));
}

#[test]
fn each_validation_error_alone_is_shown_at_its_field() {
    // Output missing, model given: only the output is marked, focus there.
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    assert!(key(&mut app, KeyCode::F(5)).is_empty());
    let form = app.current_form().unwrap();
    assert_eq!(form.problem(Field::Output), Some("must not be blank"));
    assert_eq!(form.problem(Field::Model), None);
    assert_eq!(app.focus, Focus::Form(Field::Output));
    insta::assert_snapshot!("validation_output_blank", screen(&app, 100, 30).backend());

    // Output given, model blank (spaces only): focus moves to the model.
    let mut app = crate::tui::fixtures::app();
    key(&mut app, KeyCode::Enter);
    paste(&mut app, "an answer");
    key(&mut app, KeyCode::Tab);
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "   ");
    assert!(submit(&mut app).is_empty(), "nothing is sent");
    let form = app.current_form().unwrap();
    assert_eq!(form.problem(Field::Output), None);
    assert_eq!(form.problem(Field::Model), Some("must not be blank"));
    assert_eq!(app.focus, Focus::Form(Field::Model));
    insta::assert_snapshot!("validation_model_blank", screen(&app, 100, 30).backend());
}
