//! The components of the main screen, one file each: the panes (prompt
//! list, prompt, compose form, logs, status bar) and the overlays drawn
//! over them (help, questions, a log in full, the dialogs, the
//! scoreboard, the diff, the outbox), plus the layout they share. The
//! review screen's components live in `review_screen`.

pub mod compose;
pub mod confirm;
pub mod dialog;
pub mod diff;
pub mod help;
pub mod layout;
pub mod log_detail;
pub mod log_dialog;
pub mod logs;
pub mod matching;
pub mod outbox_view;
pub mod overlay;
pub mod prompt_dialog;
pub mod prompt_list;
pub mod prompt_pane;
pub mod prompt_store;
pub mod scoreboard;
pub mod status_bar;
