//! What the API's answers do: logged, refused, 401s, 404, queued, duplicates.

use super::*;

#[test]
fn success_clears_output_score_notes_keeps_model() {
    let mut app = app();
    let sent = filled(&mut app);
    assert!(app.compose.sending.is_some());
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
    app.auth = SessionAuth::Remote {
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
    assert!(app.overlay_as::<LoginDialog>().is_some());
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
    assert!(app.overlay.is_none());
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
    assert_eq!(cmds, vec![Cmd::LoadPromptPages]);
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
    assert_eq!(app.outbox.counts(), (1, 0));
    assert!(app.outbox.next_flush.is_some(), "a retry is scheduled");
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
fn the_same_output_for_the_same_model_asks_before_logging_again() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    paste(
        &mut app,
        "revenue rose 12%   on online sales.\r\n\r\nRISKS: supplier stability.",
    );
    assert!(submit(&mut app).is_empty(), "asks first");
    assert!(
        matches!(question(&app), Some(Question::Duplicate { existing, .. }) if existing == "log_3")
    );
    insta::assert_snapshot!("duplicate_question", screen(&app, 100, 30).backend());
    assert!(key(&mut app, KeyCode::Char('n')).is_empty());
    assert!(app.overlay.is_none());
    assert!(
        app.current_form().unwrap().output_text().contains("RISKS"),
        "form kept"
    );
    assert!(app.compose.sending.is_none());
    submit(&mut app);
    let cmds = key(&mut app, KeyCode::Char('y'));
    assert!(matches!(&cmds[..], [Cmd::Submit(l)] if l.output.contains("RISKS")));
    assert!(app.compose.sending.is_some());
}
