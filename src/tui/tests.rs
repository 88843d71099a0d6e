//! The TUI without a terminal: keys to actions to state, and what each
//! screen looks like, drawn into a `TestBackend` and checked with insta.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::AuthMode;
use super::app::App;
use super::form::Field;
use super::message::{ApiEvent, Cmd, Message};
use super::state::{Focus, Modal};
use crate::client::{ApiClient, ApiError, ClientOptions};
use crate::model::{Log, NewLog, Prompt};
use crate::outbox::{Entry, SubmitResult};

fn prompt(n: u8, title: &str, model: &str, tags: &[&str], content: &str) -> Prompt {
    Prompt {
        id: format!("prm_{n}"),
        owner_id: "usr_1".into(),
        title: title.into(),
        content: content.into(),
        model: model.into(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        created_at: "2026-11-01T10:00:00.000Z".into(),
        updated_at: "2026-11-01T10:00:00.000Z".into(),
    }
}

fn log(n: u8, prompt: &str, model: &str, score: Option<f64>, output: &str) -> Log {
    Log {
        id: format!("log_{n}"),
        prompt_id: prompt.into(),
        output: output.into(),
        model_used: model.into(),
        notes: Some("Clear, but misses the risk section.".into()),
        score,
        created_at: format!("2026-11-2{n}T09:1{n}:00.000Z"),
    }
}

fn prompts() -> Vec<Prompt> {
    vec![
        prompt(
            1,
            "Quarterly report summary",
            "gpt-4o",
            &["summarization", "business"],
            "Summarize the quarterly report below in at most five sentences.\nLead with the most important number.\n\nReport:\n{{report}}",
        ),
        prompt(
            2,
            "Support ticket triage",
            "claude-sonnet-4",
            &["classification"],
            "Classify the ticket. Answer with JSON only.",
        ),
        prompt(
            3,
            "Invoice fields",
            "gemini-2.5-flash",
            &["extraction", "finance"],
            "Extract invoice_number, issue_date and total.",
        ),
        prompt(
            4,
            "Release notes",
            "llama-3.1-70b",
            &[],
            "Turn the changelog into release notes.",
        ),
    ]
}

/// An app with the fixture prompts loaded and the first prompt's logs.
fn app() -> App {
    let client = ApiClient::new("http://127.0.0.1:9", ClientOptions::default()).unwrap();
    let auth = AuthMode::Local {
        email: "local@x".into(),
        password: "p".into(),
    };
    let mut app = App::new(
        client,
        "local".into(),
        "ada@example.com".into(),
        auth,
        Some("/nonexistent".into()),
        Vec::new(),
    );
    let _ = app.start();
    app.update(Message::Api(ApiEvent::Prompts(Ok(prompts()))));
    let logs = vec![
        log(
            3,
            "prm_1",
            "gpt-4o",
            Some(9.0),
            "Revenue rose 12% on online sales.\nRisks: supplier stability.",
        ),
        log(
            2,
            "prm_1",
            "claude-sonnet-4",
            Some(7.0),
            "Revenue grew; margins held.",
        ),
        log(
            1,
            "prm_1",
            "gpt-4o",
            Some(6.0),
            "The report says things went well.",
        ),
    ];
    app.update(Message::Api(ApiEvent::Logs {
        prompt_id: "prm_1".into(),
        result: Ok(logs),
    }));
    app.banner = None;
    app
}

fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) -> Vec<Cmd> {
    let cmds = app.update(Message::Input(Event::Key(KeyEvent::new(code, mods))));
    app.sync_cursors();
    cmds
}

fn key(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    press(app, code, KeyModifiers::NONE)
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn paste(app: &mut App, text: &str) -> Vec<Cmd> {
    app.update(Message::Input(Event::Paste(text.into())))
}

fn screen(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| super::view::draw(app, f)).unwrap();
    t
}

fn submit(app: &mut App) -> Vec<Cmd> {
    press(app, KeyCode::Char('s'), KeyModifiers::CONTROL)
}

/// Opens the first prompt, pastes an output, sets score 9, submits.
fn filled(app: &mut App) -> NewLog {
    key(app, KeyCode::Enter);
    paste(
        app,
        "The report finds revenue up 12%.\r\n\r\nRisks: suppliers.",
    );
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab);
    key(app, KeyCode::Char('9'));
    let cmds = submit(app);
    let [Cmd::Submit(log)] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    log.clone()
}

fn answer(app: &mut App, log: NewLog, result: SubmitResult) -> Vec<Cmd> {
    app.update(Message::Api(ApiEvent::Submitted {
        log,
        result: Box::new(result),
    }))
}

fn status(code: u16, message: &str) -> ApiError {
    ApiError::Status {
        status: code,
        message: message.into(),
        retry_after: None,
    }
}

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
    assert!(!app.filtering);
}

#[test]
fn paste_is_one_edit_and_fires_no_hotkey() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    let cmds = paste(&mut app, "q a r ? /\r\nline two\rline three");
    assert!(cmds.is_empty());
    assert!(!app.quit && app.modal.is_none());
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
    let models = app.known_models.clone();
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
fn success_clears_output_score_notes_keeps_model() {
    let mut app = app();
    let sent = filled(&mut app);
    assert!(app.sending.is_some());
    let mut logged = log(9, "prm_1", "gpt-4o", Some(9.0), &sent.output);
    logged.created_at = "2026-11-29T10:00:00.000Z".into();
    let cmds = answer(&mut app, sent, SubmitResult::Logged(logged));
    assert_eq!(cmds, vec![Cmd::RemoveDraft("prm_1".into())]);
    let form = app.current_form().unwrap();
    assert!(form.is_blank());
    assert_eq!(form.model_text(), "gpt-4o");
    assert_eq!(app.focus, Focus::Form(Field::Output));
    assert_eq!(app.current_logs().unwrap()[0].id, "log_9");
    assert!(app.banner.as_ref().unwrap().text.contains("log_9"));
}

#[test]
fn a_400_is_shown_in_the_form_and_keeps_it() {
    let mut app = app();
    let sent = filled(&mut app);
    let msg = "Required fields are missing or invalid: output (must not be blank)";
    answer(
        &mut app,
        sent.clone(),
        SubmitResult::Rejected(status(400, msg)),
    );
    assert_eq!(app.current_form().unwrap().new_log(), sent);
    insta::assert_snapshot!("server_400", screen(&app, 100, 30).backend());
}

#[test]
fn a_401_opens_the_login_dialog_on_a_remote_api_and_resends() {
    let mut app = app();
    app.auth = AuthMode::Remote {
        token_file: "/nonexistent/t".into(),
    };
    let sent = filled(&mut app);
    answer(
        &mut app,
        sent.clone(),
        SubmitResult::Rejected(status(
            401,
            "Authentication token is invalid or has expired.",
        )),
    );
    assert!(matches!(app.modal, Some(Modal::Login(_))));
    insta::assert_snapshot!("login_dialog", screen(&app, 100, 30).backend());
    typed(&mut app, "ada@example.com");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "secret password");
    let cmds = key(&mut app, KeyCode::Enter);
    assert_eq!(
        cmds,
        vec![Cmd::Login {
            email: "ada@example.com".into(),
            password: "secret password".into()
        }]
    );
    let cmds = app.update(Message::Api(ApiEvent::LoggedIn(Ok("new-token".into()))));
    assert_eq!(
        cmds,
        vec![
            Cmd::SaveToken {
                token: "new-token".into(),
                user: "ada@example.com".into()
            },
            Cmd::Submit(sent)
        ]
    );
    assert!(app.modal.is_none());
}

#[test]
fn a_401_on_the_embedded_default_logs_in_by_itself() {
    let mut app = app();
    let sent = filled(&mut app);
    let cmds = answer(
        &mut app,
        sent.clone(),
        SubmitResult::Rejected(status(401, "expired")),
    );
    assert_eq!(
        cmds,
        vec![Cmd::Login {
            email: "local@x".into(),
            password: "p".into()
        }]
    );
    let cmds = app.update(Message::Api(ApiEvent::LoggedIn(Ok("t".into()))));
    assert_eq!(cmds, vec![Cmd::Submit(sent)]);
}

#[test]
fn a_404_says_so_and_reloads_prompts() {
    let mut app = app();
    let sent = filled(&mut app);
    let cmds = answer(
        &mut app,
        sent.clone(),
        SubmitResult::Rejected(status(
            404,
            "Prompt ID does not exist or is not accessible.",
        )),
    );
    assert_eq!(cmds, vec![Cmd::LoadPrompts]);
    assert_eq!(app.current_form().unwrap().new_log(), sent);
    insta::assert_snapshot!("server_404", screen(&app, 100, 30).backend());
}

#[test]
fn a_500_keeps_the_form_and_queues() {
    let mut app = app();
    let sent = filled(&mut app);
    let mut entry = Entry::new("local", sent.clone());
    entry.id = "obx_1".into();
    entry.attempts = 1;
    let error = ApiError::Undecodable {
        status: 502,
        excerpt: "<html><body>Bad Gateway</body></html>".into(),
    };
    answer(
        &mut app,
        sent.clone(),
        SubmitResult::Queued { entry, error },
    );
    assert_eq!(app.current_form().unwrap().new_log(), sent, "form kept");
    assert_eq!(app.outbox_counts(), (1, 0));
    assert!(app.next_flush.is_some(), "a retry is scheduled");
    insta::assert_snapshot!("server_500", screen(&app, 100, 30).backend());
    // Submitting the same text again does not log it twice: it sends the outbox.
    assert_eq!(submit(&mut app), vec![Cmd::FlushOutbox { force: true }]);
    assert_eq!(
        key(&mut app, KeyCode::F(6)),
        vec![Cmd::FlushOutbox { force: true }]
    );
}

#[test]
fn network_down_is_a_banner_with_the_form_kept() {
    let mut app = app();
    let sent = filled(&mut app);
    let mut entry = Entry::new("local", sent.clone());
    entry.id = "obx_2".into();
    let error = ApiError::Network {
        url: "http://127.0.0.1:9".into(),
        reason: "connection refused or unreachable".into(),
        sent: false,
    };
    answer(
        &mut app,
        sent.clone(),
        SubmitResult::Queued { entry, error },
    );
    assert_eq!(app.current_form().unwrap().new_log(), sent);
    insta::assert_snapshot!("network_down", screen(&app, 100, 30).backend());
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
fn help_overlay_lists_bindings() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'));
    assert!(matches!(app.modal, Some(Modal::Help { .. })));
    insta::assert_snapshot!("help", screen(&app, 100, 30).backend());
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_none());
}

#[test]
fn log_detail_and_delete_confirmation() {
    let mut app = app();
    key(&mut app, KeyCode::Tab);
    for _ in 0..5 {
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
fn too_small_then_resized() {
    let app = app();
    insta::assert_snapshot!("too_small", screen(&app, 60, 20).backend());
    let big = screen(&app, 100, 30);
    assert!(!format!("{}", big.backend()).contains("too small"));
}

#[test]
fn quit_asks_when_text_is_unsent() {
    let mut app = app();
    key(&mut app, KeyCode::Char('q'));
    assert!(app.quit, "nothing typed: quits at once");
    let mut app = super::tests::app();
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "q");
    assert!(!app.quit, "q types in the output");
    press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(matches!(app.modal, Some(Modal::ConfirmQuit)));
    key(&mut app, KeyCode::Char('n'));
    assert!(!app.quit);
    press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    key(&mut app, KeyCode::Char('y'));
    assert!(app.quit);
}

#[test]
fn untrusted_text_never_reaches_the_terminal_raw() {
    let mut app = app();
    let evil = "ok \u{1b}[2J\u{1b}]0;pwned\u{7} back\u{8}space\r\u{202e}evil\u{9b}31m";
    let mut p = prompt(9, "Evil \u{1b}[31m title", "m\u{7}", &["t\u{202e}"], evil);
    p.id = "prm_1".into();
    app.update(Message::Api(ApiEvent::Prompts(Ok(vec![p]))));
    let logs = vec![log(1, "prm_1", "x\u{1b}[1m", Some(1.0), evil)];
    app.update(Message::Api(ApiEvent::Logs {
        prompt_id: "prm_1".into(),
        result: Ok(logs),
    }));
    key(&mut app, KeyCode::Enter);
    paste(&mut app, evil);
    app.banner(super::state::Level::Error, format!("server says {evil}"));
    let t = screen(&app, 100, 30);
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(crate::sanitize::is_unsafe),
            "{:?}",
            cell.symbol()
        );
    }
    let text = format!("{}", t.backend());
    assert!(
        text.contains("\u{241b}[2J"),
        "ESC shown as a visible picture"
    );
    // The output itself is kept byte for byte (CR becomes LF).
    let sent = app.current_form().unwrap().new_log().output;
    assert_eq!(sent, evil.replace('\r', "\n"));
    key(&mut app, KeyCode::Tab);
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Enter);
    let t = screen(&app, 100, 30);
    for cell in t.backend().buffer().content() {
        assert!(!cell.symbol().chars().any(crate::sanitize::is_unsafe));
    }
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

#[test]
fn scoreboard_per_model_and_best_worst_one_key_away() {
    let mut app = app();
    key(&mut app, KeyCode::Char('b'));
    assert!(matches!(&app.modal, Some(Modal::Scoreboard { prompt_id }) if prompt_id == "prm_1"));
    insta::assert_snapshot!("scoreboard", screen(&app, 100, 30).backend());
    key(&mut app, KeyCode::Char('b'));
    assert!(matches!(&app.modal, Some(Modal::LogDetail { log, .. }) if log.id == "log_3"));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('b'));
    key(&mut app, KeyCode::Char('w'));
    assert!(matches!(&app.modal, Some(Modal::LogDetail { log, .. }) if log.id == "log_1"));
}

#[test]
fn mark_two_logs_to_see_their_word_diff() {
    let mut app = app();
    app.set_focus(Focus::Logs);
    key(&mut app, KeyCode::Char('m'));
    assert!(app.modal.is_none(), "one marked: nothing yet");
    assert_eq!(app.diff_mark.as_ref().map(|l| l.id.as_str()), Some("log_3"));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('m'));
    let Some(Modal::Diff(diff)) = &app.modal else {
        panic!("a diff: {:?}", app.modal);
    };
    assert_eq!(
        (diff.left.id.as_str(), diff.right.id.as_str()),
        ("log_3", "log_2")
    );
    insta::assert_snapshot!("log_diff", screen(&app, 100, 30).backend());
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_none() && app.diff_mark.is_none());
}

#[test]
fn the_same_output_for_the_same_model_asks_before_logging_again() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    paste(
        &mut app,
        "revenue rose 12%   on online sales.\r\n\r\nRISKS: supplier stability.",
    );
    assert!(submit(&mut app).is_empty(), "asks first");
    assert!(
        matches!(&app.modal, Some(Modal::ConfirmDuplicate { existing, .. }) if existing == "log_3")
    );
    insta::assert_snapshot!("duplicate_question", screen(&app, 100, 30).backend());
    assert!(key(&mut app, KeyCode::Char('n')).is_empty());
    assert!(app.modal.is_none());
    assert!(
        app.current_form().unwrap().output_text().contains("RISKS"),
        "form kept"
    );
    assert!(app.sending.is_none());
    submit(&mut app);
    let cmds = key(&mut app, KeyCode::Char('y'));
    assert!(matches!(&cmds[..], [Cmd::Submit(l)] if l.output.contains("RISKS")));
    assert!(app.sending.is_some());
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
fn only_what_can_change_the_screen_redraws() {
    use crossterm::event::{KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
    let mut app = app();
    let mouse = |kind| {
        Message::Input(Event::Mouse(MouseEvent {
            kind,
            column: 5,
            row: 5,
            modifiers: KeyModifiers::NONE,
        }))
    };
    // Mouse capture reports every move: a move changes nothing and draws nothing.
    let before = format!("{}", screen(&app, 100, 30).backend());
    assert!(!app.redraws_for(&mouse(MouseEventKind::Moved)));
    app.update(mouse(MouseEventKind::Moved));
    assert_eq!(format!("{}", screen(&app, 100, 30).backend()), before);
    assert!(!app.redraws_for(&mouse(MouseEventKind::Up(MouseButton::Left))));
    assert!(app.redraws_for(&mouse(MouseEventKind::Down(MouseButton::Left))));
    assert!(app.redraws_for(&mouse(MouseEventKind::ScrollDown)));
    let mut release = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert!(!app.redraws_for(&Message::Input(Event::Key(release))));
    assert!(!app.redraws_for(&Message::Input(Event::FocusLost)));
    // Idle, a tick only saves drafts or retries the outbox; while something
    // loads, it moves the spinner.
    assert!(!app.redraws_for(&Message::Tick));
    app.prompts = super::state::Remote::Loading;
    assert!(app.redraws_for(&Message::Tick));
    assert!(app.redraws_for(&Message::Input(Event::Paste("x".into()))));
}

#[test]
fn the_status_bar_keeps_whole_hints_and_the_help_key_at_80_columns() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    for (focus, help) in [
        (Focus::Form(Field::Output), "F1 help"),
        (Focus::Logs, "? help"),
    ] {
        app.focus = focus;
        let t = screen(&app, 80, 24);
        let buf = t.backend().buffer();
        let last: String = (0..80).map(|x| buf[(x, 23)].symbol().to_owned()).collect();
        assert!(last.trim_end().ends_with(help), "{last:?}");
        assert!(
            last.contains("Ctrl-S submit") || focus == Focus::Logs,
            "{last:?}"
        );
    }
}

#[test]
fn wide_model_names_keep_the_logs_columns_aligned() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    let logs = vec![
        log(2, "prm_1", "日本語モデル大型版", Some(8.0), "一行目"),
        log(1, "prm_1", "gpt-4o", Some(6.0), "first line"),
    ];
    app.update(Message::Api(ApiEvent::Logs {
        prompt_id: "prm_1".into(),
        result: Ok(logs),
    }));
    let t = screen(&app, 100, 30);
    let buf = t.backend().buffer();
    // The score column is at the same x in both rows, whatever the model's width.
    let score_x = |y: u16| (0..36).find(|&x| matches!(buf[(x, y)].symbol(), "8" | "6"));
    let rows: Vec<u16> = (0..30)
        .filter(|&y| (0..36).any(|x| buf[(x, y)].symbol() == "-") && score_x(y).is_some())
        .collect();
    assert!(rows.len() >= 2, "{}", t.backend());
    assert_eq!(score_x(rows[0]), score_x(rows[1]), "{}", t.backend());
    let text = format!("{}", t.backend());
    assert!(text.contains("gpt-4o"), "{text}");
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
fn a_click_focuses_a_pane_or_field_and_the_wheel_scrolls_it() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    use ratatui::layout::Rect;
    let mut app = app();
    let areas = super::view::layout::Areas::new(Rect::new(0, 0, 100, 30));
    let mouse = |app: &mut App, kind, at: Rect, dy: u16| {
        app.update(Message::Input(Event::Mouse(MouseEvent {
            kind,
            column: at.x + 2,
            row: at.y + dy,
            modifiers: KeyModifiers::NONE,
        })))
    };
    let click = MouseEventKind::Down(MouseButton::Left);
    // Each prompt takes two lines: the fifth row inside the border is the third prompt.
    mouse(&mut app, click, areas.prompts, 5);
    assert_eq!(app.focus, Focus::Prompts);
    assert_eq!(app.current_id(), Some("prm_3"));
    mouse(&mut app, click, areas.prompts, 1);
    assert_eq!(app.current_id(), Some("prm_1"));
    for (area, focus) in [
        (areas.notes, Focus::Form(Field::Notes)),
        (areas.score, Focus::Form(Field::Score)),
        (areas.output, Focus::Form(Field::Output)),
        (areas.logs, Focus::Logs),
        (areas.prompt, Focus::Prompt),
    ] {
        mouse(&mut app, click, area, 1);
        assert_eq!(app.focus, focus);
    }
    mouse(&mut app, MouseEventKind::ScrollDown, areas.prompt, 1);
    assert_eq!(app.prompt_scroll, 3);
    mouse(&mut app, MouseEventKind::ScrollUp, areas.prompt, 1);
    assert_eq!(app.prompt_scroll, 0);
    assert_eq!(app.log_selected, 0);
    mouse(&mut app, MouseEventKind::ScrollDown, areas.logs, 1);
    assert_eq!(app.log_selected, 1, "the wheel moves through the logs");
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
            let m = super::theme::matched();
            let cell = &buf[(x, 2)];
            m.add_modifier.is_empty() || cell.modifier.contains(m.add_modifier)
        })
        .filter(|&x| {
            let m = super::theme::matched();
            m.fg.is_none_or(|fg| buf[(x, 2)].fg == fg)
        })
        .map(|x| buf[(x, 2)].symbol().to_owned())
        .collect();
    assert_eq!(marked, "Invf", "only the matched characters are marked");
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
    app.update(Message::EditorDone(Err("\"nvim\" exited with 1".into())));
    let banner = app.banner.clone().unwrap();
    assert_eq!(banner.level, super::state::Level::Error);
    assert!(banner.text.contains("exited with 1"), "{}", banner.text);
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
    let mut app = super::tests::app();
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
