//! Editing: Alt-digit, model completion, the one-line keys in the filter,
//! editing and deleting prompts, the dialogs' Esc question and new lines.

use super::*;
use crate::tui::components::prompt_dialog::PromptDialog;

fn alt(app: &mut App, c: char) -> Vec<Cmd> {
    press(app, KeyCode::Char(c), KeyModifiers::ALT)
}

fn ctrl(app: &mut App, c: char) -> Vec<Cmd> {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn dialog(app: &App) -> &PromptDialog {
    app.overlay_as::<PromptDialog>()
        .expect("the prompt dialog is open")
}

#[test]
fn paste_then_alt_nine_is_the_whole_loop() {
    let mut app = app();
    key(&mut app, KeyCode::Enter); // the prompt is chosen; the cursor is in Output
    paste(&mut app, "A pasted answer.");
    let keys = [(KeyCode::Char('9'), KeyModifiers::ALT)];
    let mut sent = Vec::new();
    for (code, mods) in keys {
        sent = press(&mut app, code, mods);
    }
    assert_eq!(keys.len(), 1, "the paste, then one key");
    let [Cmd::Submit(log)] = sent.as_slice() else {
        panic!("{sent:?}")
    };
    assert_eq!(
        (log.output.as_str(), log.score),
        ("A pasted answer.", Some(9))
    );
    assert_eq!(log.model_used, "gpt-4o");
}

#[test]
fn alt_t_scores_ten_from_the_notes_and_the_footer_says_so() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    paste(&mut app, "Another answer.");
    app.focus = Focus::Form(Field::Notes);
    let cmds = alt(&mut app, 't');
    let [Cmd::Submit(log)] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    assert_eq!(log.score, Some(10));
    let t = screen(&app, 80, 24);
    let buf = t.backend().buffer();
    let last: String = (0..80).map(|x| buf[(x, 23)].symbol().to_owned()).collect();
    assert!(last.contains("Alt-0..9 score+send"), "{last:?}");
}

#[test]
fn completion_offers_logged_and_default_models_and_tab_takes_one() {
    let mut app = app();
    app.compose.offered_models = vec!["claude-opus-4".into()];
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Tab);
    assert!(app.completions().is_empty(), "no popup before typing");
    ctrl(&mut app, 'u');
    assert_eq!(app.current_form().unwrap().model_text(), "");
    typed(&mut app, "cl");
    assert_eq!(app.completions(), vec!["claude-sonnet-4", "claude-opus-4"]);
    insta::assert_snapshot!("completion_popup", screen(&app, 100, 30).backend());
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.current_form().unwrap().model_text(), "claude-opus-4");
    assert_eq!(app.focus, Focus::Form(Field::Model), "Tab took the name");
    assert!(app.completions().is_empty());
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Form(Field::Score), "then Tab moves on");
    // From gpt-4o-mini to gpt-4o: Ctrl-W, then two keys and Right.
    app.focus = Focus::Form(Field::Model);
    ctrl(&mut app, 'w');
    typed(&mut app, "gp");
    key(&mut app, KeyCode::Right);
    assert_eq!(app.current_form().unwrap().model_text(), "gpt-4o");
}

#[test]
fn ctrl_w_in_the_filter_deletes_a_word() {
    let mut app = app();
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "report sum");
    ctrl(&mut app, 'w');
    assert_eq!(app.list.filter, "report ");
    ctrl(&mut app, 'u');
    assert_eq!(app.list.filter, "");
}

#[test]
fn e_edits_the_prompt_and_sends_only_what_changed() {
    let mut app = app();
    key(&mut app, KeyCode::Char('e'));
    assert_eq!(dialog(&app).title.text(), "Quarterly report summary");
    ctrl(&mut app, 'w');
    typed(&mut app, "digest");
    insta::assert_snapshot!("edit_prompt_dialog", screen(&app, 100, 30).backend());
    let cmds = ctrl(&mut app, 's');
    let [Cmd::UpdatePrompt { id, patch }] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    assert_eq!(id, "prm_1");
    assert_eq!(patch.title.as_deref(), Some("Quarterly report digest"));
    assert_eq!(
        (&patch.model, &patch.content, &patch.tags),
        (&None, &None, &None)
    );
    let mut saved = app.list.prompts[0].to_prompt();
    saved.title = "Quarterly report digest".into();
    app.update(Message::Api(ApiEvent::PromptUpdated(Ok(saved))));
    assert!(app.overlay.is_none());
    assert_eq!(app.list.prompts[0].title(), "Quarterly report digest");
    assert_eq!(app.current_id(), Some("prm_1"));
}

#[test]
fn capital_d_says_how_many_logs_go_with_the_prompt() {
    let mut app = app();
    key(&mut app, KeyCode::Char('D'));
    let Some(Question::DeletePrompt { id, logs, .. }) = question(&app) else {
        panic!("{:?}", app.overlay)
    };
    assert_eq!((id.as_str(), *logs), ("prm_1", Some(3)));
    let text = format!("{}", screen(&app, 100, 30).backend());
    assert!(text.contains("Its 3 logs go with it."), "{text}");
    let cmds = key(&mut app, KeyCode::Char('y'));
    assert_eq!(cmds, vec![Cmd::DeletePrompt("prm_1".into())]);
    app.update(Message::Api(ApiEvent::PromptDeleted {
        id: "prm_1".into(),
        result: Ok(()),
    }));
    assert!(app.list.by_id("prm_1").is_none());
}

#[test]
fn esc_in_a_filled_dialog_asks_and_enter_in_content_breaks_the_line() {
    let mut app = app();
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none(), "an empty dialog closes at once");
    key(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Title");
    for _ in 0..3 {
        key(&mut app, KeyCode::Enter);
    }
    typed(&mut app, "line one");
    let cmds = key(&mut app, KeyCode::Enter);
    assert!(cmds.is_empty(), "Enter in Content does not submit");
    press(&mut app, KeyCode::Enter, KeyModifiers::ALT);
    typed(&mut app, "line three");
    assert_eq!(dialog(&app).prompt().content, "line one\n\nline three");
    key(&mut app, KeyCode::Esc);
    assert!(dialog(&app).state.asking, "Esc asks first");
    let text = format!("{}", screen(&app, 100, 30).backend());
    assert!(text.contains("Discard what you typed?"), "{text}");
    key(&mut app, KeyCode::Char('n'));
    assert!(!dialog(&app).state.asking);
    assert_eq!(
        dialog(&app).title.text(),
        "Title",
        "n goes back to the text"
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('y'));
    assert!(app.overlay.is_none());
}

#[test]
fn e_on_a_log_corrects_its_score_and_offers_a_copy_without_patch() {
    use crate::tui::components::log_dialog::LogDialog;
    let mut app = app();
    app.focus = Focus::Logs;
    key(&mut app, KeyCode::Char('e'));
    let d = app.overlay_as::<LogDialog>().expect("the log dialog");
    let old = d.log.clone();
    assert_eq!(d.score.text(), "9");
    ctrl(&mut app, 'u');
    typed(&mut app, "4");
    insta::assert_snapshot!("edit_log_dialog", screen(&app, 100, 30).backend());
    let cmds = ctrl(&mut app, 's');
    let [Cmd::UpdateLog { log, patch }] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    assert_eq!(
        (log.id.as_str(), patch.score, &patch.notes),
        (old.id.as_str(), Some(4), &None)
    );
    let (log, patch) = (log.clone(), patch.clone());
    app.update(Message::Api(ApiEvent::LogUpdated {
        log: Box::new(log.clone()),
        patch: patch.clone(),
        result: Box::new(Err(ApiError::NotSupported("PATCH /logs/:id"))),
    }));
    let Some(Question::ReplaceLog { old: o, copy }) = question(&app) else {
        panic!("{:?}", app.overlay)
    };
    assert_eq!(
        (o.id.as_str(), copy.score, copy.output.as_str()),
        (old.id.as_str(), Some(4), old.output.as_str())
    );
    let cmds = key(&mut app, KeyCode::Char('y'));
    assert!(
        matches!(cmds.as_slice(), [Cmd::Submit(c), Cmd::DeleteLog { log_id, .. }] if c.score == Some(4) && *log_id == old.id),
        "{cmds:?}"
    );
    let mut fixed = old.clone();
    fixed.score = Some(4.0);
    app.update(Message::Api(ApiEvent::LogUpdated {
        log: Box::new(old.clone()),
        patch,
        result: Box::new(Ok(fixed)),
    }));
    let shown = app
        .current_logs()
        .unwrap()
        .iter()
        .find(|l| l.id == old.id)
        .unwrap();
    assert_eq!(shown.score, Some(4.0));
}
