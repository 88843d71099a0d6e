//! The main screen without a terminal, by component: keys to actions to
//! state, and what each view looks like, drawn into a `TestBackend` and
//! checked with insta. The fixtures are the shared ones (`tui::fixtures`).

mod answers;
mod compose;
mod editing;
mod lists;
mod overlays;
mod paging;
mod prompt_list;
mod reading;
mod screen;

pub(crate) use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
pub(crate) use ratatui::Terminal;
pub(crate) use ratatui::backend::TestBackend;

pub(crate) use super::components::compose::Field;
pub(crate) use super::components::confirm::{Confirm, Question};
pub(crate) use super::components::dialog::LoginDialog;
pub(crate) use super::components::diff::LogDiff;
pub(crate) use super::components::help::Help;
pub(crate) use super::components::log_detail::LogDetail;
pub(crate) use super::components::scoreboard::Scoreboard;
pub(crate) use super::components::status_bar::Level;
pub(crate) use super::fixtures::{app, log, prompt};
pub(crate) use super::main_screen::{App, Focus};
pub(crate) use super::message::{ApiEvent, Cmd, Message};
pub(crate) use super::remote::Remote;
pub(crate) use super::screen::Screen;
pub(crate) use crate::cli::session::SessionAuth;
pub(crate) use crate::client::ApiError;
pub(crate) use crate::model::NewLog;
pub(crate) use crate::outbox::{Entry, SubmitResult};

pub(crate) fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) -> Vec<Cmd> {
    let cmds = app.update(Message::Input(Event::Key(KeyEvent::new(code, mods))));
    // The filter's matcher runs on its own threads: take its final results.
    app.list.settle();
    app.sync_cursors();
    cmds
}

pub(crate) fn key(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    press(app, code, KeyModifiers::NONE)
}

pub(crate) fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

pub(crate) fn paste(app: &mut App, text: &str) -> Vec<Cmd> {
    app.update(Message::Input(Event::Paste(text.into())))
}

pub(crate) fn screen(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| app.render(f)).unwrap();
    t
}

pub(crate) fn submit(app: &mut App) -> Vec<Cmd> {
    press(app, KeyCode::Char('s'), KeyModifiers::CONTROL)
}

/// The question asked, if a question is on top.
pub(crate) fn question(app: &App) -> Option<&Question> {
    app.overlay_as::<Confirm>().map(|c| &c.question)
}

/// An editor that exited with `code`.
pub(crate) fn exited(program: &str, code: i32) -> super::error::EditorError {
    use std::os::unix::process::ExitStatusExt;
    super::error::EditorError::Exited {
        program: program.into(),
        status: std::process::ExitStatus::from_raw(code << 8),
    }
}

/// Opens the first prompt, pastes an output, sets score 9, submits.
pub(crate) fn filled(app: &mut App) -> NewLog {
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

pub(crate) fn answer(app: &mut App, log: NewLog, result: SubmitResult) -> Vec<Cmd> {
    app.update(Message::Api(ApiEvent::Submitted {
        log,
        result: Box::new(result),
    }))
}

pub(crate) fn status(code: u16, message: &str) -> ApiError {
    ApiError::Status {
        status: code,
        message: message.into(),
        retry_after: None,
    }
}

/// The logs pane as drawn at `w` x `h`, one string per row.
pub(crate) fn logs_pane(app: &App, w: u16, h: u16) -> String {
    let t = screen(app, w, h);
    let buf = t.backend().buffer();
    let a = app.areas().logs;
    (a.y..a.bottom())
        .map(|y| {
            (a.x..a.right())
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
