//! The whole screen: sizes, untrusted text, redraws, the status bar, the mouse.

use super::*;

#[test]
fn too_small_then_resized() {
    let app = app();
    insta::assert_snapshot!("too_small", screen(&app, 60, 20).backend());
    let big = screen(&app, 100, 30);
    assert!(!format!("{}", big.backend()).contains("too small"));
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
        result: Ok(crate::tui::fixtures::whole(logs)),
    }));
    key(&mut app, KeyCode::Enter);
    paste(&mut app, evil);
    app.say(Level::Error, format!("server says {evil}"));
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
    app.list.load = Remote::Loading;
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
        result: Ok(crate::tui::fixtures::whole(logs)),
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
fn a_click_focuses_a_pane_or_field_and_the_wheel_scrolls_it() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    use ratatui::layout::Rect;
    let mut app = app();
    let areas = crate::tui::components::layout::Areas::new(Rect::new(0, 0, 100, 30));
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
    assert_eq!(app.prompt.scroll, 3);
    mouse(&mut app, MouseEventKind::ScrollUp, areas.prompt, 1);
    assert_eq!(app.prompt.scroll, 0);
    assert_eq!(app.logs.window.selected, 0);
    mouse(&mut app, MouseEventKind::ScrollDown, areas.logs, 1);
    assert_eq!(
        app.logs.window.selected, 1,
        "the wheel moves through the logs"
    );
}
