//! The review screen without a terminal: keys to state to commands, and
//! what it looks like, drawn into a `TestBackend` and checked with insta.

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Phase, Review};
use crate::client::ApiError;
use crate::model::{Log, NewLog, Prompt};
use crate::outbox::{Entry, SubmitResult};
use crate::review_queue::{Mark, Progress, Queue, parse_jsonl};
use crate::tui::message::{ApiEvent, Cmd, Message};
use crate::tui::screen::Screen;

mod input;

const INPUT: &str = r#"{"output":"Revenue rose 12% on online sales.","promptId":"prm_1","model":"gpt-4o","ticket":"T-1"}
{"output":"Revenue grew; margins held.","promptId":"prm_1"}
not json
{"output":"The report says things went well.","model":"claude-sonnet-4"}
"#;

pub(super) fn prompts() -> Vec<Prompt> {
    let p = |n: u8, title: &str, model: &str, content: &str| Prompt {
        id: format!("prm_{n}"),
        owner_id: "usr_1".into(),
        title: title.into(),
        content: content.into(),
        model: model.into(),
        tags: vec!["review".into()],
        created_at: "2026-11-01T10:00:00.000Z".into(),
        updated_at: "2026-11-01T10:00:00.000Z".into(),
    };
    vec![
        p(
            1,
            "Quarterly report summary",
            "gpt-4o",
            "Summarize the quarterly report in at most five sentences.\nLead with the most important number.",
        ),
        p(
            2,
            "Support ticket triage",
            "claude-sonnet-4",
            "Classify the ticket.",
        ),
    ]
}

pub(super) fn queue(input: &str) -> Queue {
    let (items, bad) = parse_jsonl("items.jsonl", input.as_bytes());
    Queue {
        items,
        bad,
        hash: "h".repeat(64),
    }
}

/// A review of [`INPUT`] with the prompts loaded, past the bad lines.
fn review() -> Review {
    loaded(INPUT, Progress::default())
}

/// A review of `input` resumed from `progress`, started, with the prompts
/// (and no logs) loaded.
pub(super) fn loaded(input: &str, progress: Progress) -> Review {
    let mut r = Review::new(
        queue(input),
        progress,
        None,
        crate::tui::fixtures::offline_client(),
    );
    let _ = r.start();
    r.update(Message::Api(ApiEvent::Prompts(Ok(prompts()))));
    r.update(Message::Api(ApiEvent::AllLogs(Ok(Vec::new()))));
    r
}

pub(super) fn press(r: &mut Review, code: KeyCode, mods: KeyModifiers) -> Vec<Cmd> {
    let cmds = r.update(Message::Input(Event::Key(KeyEvent::new(code, mods))));
    // The filter's matcher runs on its own threads: take its final results.
    r.list.settle();
    cmds
}

pub(super) fn key(r: &mut Review, c: char) -> Vec<Cmd> {
    press(r, KeyCode::Char(c), KeyModifiers::NONE)
}

pub(super) fn submitted(cmds: &[Cmd]) -> Option<&NewLog> {
    cmds.iter().find_map(|c| match c {
        Cmd::Submit(l) => Some(l),
        _ => None,
    })
}

pub(super) fn delivered(log: &NewLog, id: &str) -> Message {
    Message::Api(ApiEvent::Submitted {
        log: log.clone(),
        result: Box::new(SubmitResult::Logged(Log {
            id: id.into(),
            prompt_id: log.prompt_id.clone(),
            output: log.output.clone(),
            model_used: log.model_used.clone(),
            notes: log.notes.clone(),
            score: log.score.map(|s| s as f64),
            created_at: "2026-11-28T10:00:00.000Z".into(),
        })),
    })
}

pub(super) fn screen(r: &Review, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| r.render(f)).unwrap();
    t
}

#[test]
fn bad_lines_come_first_and_enter_goes_on() {
    let mut r = review();
    assert_eq!(r.phase, Phase::BadLines);
    assert!(key(&mut r, '7').is_empty(), "no scoring before going on");
    press(&mut r, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(r.phase, Phase::Reviewing);
    assert_eq!(r.index, 0);
    let mut q = review();
    key(&mut q, 'q');
    assert!(q.quit);
}

#[test]
fn a_digit_logs_and_moves_on_at_once() {
    let mut r = review();
    r.act(crate::tui::Action::ReviewGoOn);
    let cmds = key(&mut r, '7');
    let log = submitted(&cmds).expect("a submission").clone();
    assert_eq!(log.prompt_id, "prm_1");
    assert_eq!(log.model_used, "gpt-4o");
    assert_eq!(log.score, Some(7));
    assert_eq!(log.output, "Revenue rose 12% on online sales.");
    assert_eq!(r.index, 1, "next item before the answer");
    assert!(
        !cmds.iter().any(|c| matches!(c, Cmd::SaveProgress(_))),
        "progress waits for the server's answer"
    );
    let cmds = r.update(delivered(&log, "log_1"));
    let Some(Cmd::SaveProgress(p)) = cmds.first() else {
        panic!("saves progress: {cmds:?}");
    };
    assert_eq!(
        p.get(0),
        Some(&Mark::Logged {
            log_id: "log_1".into(),
            score: Some(7)
        })
    );
    // t is 10; the model falls back to the prompt's.
    let log = submitted(&key(&mut r, 't')).unwrap().clone();
    assert_eq!((log.score, log.model_used.as_str()), (Some(10), "gpt-4o"));
    assert_eq!(r.tally().0, 2);
}

#[test]
fn logging_an_item_costs_one_key_with_prompt_and_model_set() {
    let mut r = review();
    r.act(crate::tui::Action::ReviewGoOn);
    let mut keys = 0;
    let mut logs = 0;
    for c in ['8', '6'] {
        keys += 1;
        logs += usize::from(submitted(&key(&mut r, c)).is_some());
    }
    assert_eq!((keys, logs), (2, 2), "one key per logged item");
    // With notes: i, the text, then a digit logs both; Ctrl-S without a
    // score asks for one (it used to log the item with no score, counted
    // as scored).
    let mut r = review();
    r.act(crate::tui::Action::ReviewGoOn);
    key(&mut r, 'i');
    for c in "ok 8".chars() {
        assert!(key(&mut r, c).is_empty(), "keys type while in notes");
    }
    assert_eq!(r.phase, Phase::Notes);
    let cmds = press(&mut r, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(submitted(&cmds).is_none(), "no score yet: nothing logged");
    assert_eq!((r.index, &r.phase), (0, &Phase::Reviewing));
    assert!(r.banner.as_ref().unwrap().text.contains("give the score"));
    let log = submitted(&key(&mut r, '8'))
        .expect("the digit logs")
        .clone();
    assert_eq!((log.notes.as_deref(), log.score), (Some("ok 8"), Some(8)));
    assert_eq!(r.index, 1);
}

#[test]
fn quit_waits_for_submissions_on_their_way() {
    let mut r = review();
    r.act(crate::tui::Action::ReviewGoOn);
    let log = submitted(&key(&mut r, '7')).unwrap().clone();
    key(&mut r, 'q');
    assert!(!r.quit && r.quitting);
    r.update(delivered(&log, "log_1"));
    assert!(r.quit, "quits once it landed");
}

#[test]
fn notes_stay_with_their_item_when_moving_around() {
    let mut r = review();
    r.act(crate::tui::Action::ReviewGoOn);
    key(&mut r, 'i');
    for c in "terse".chars() {
        key(&mut r, c);
    }
    press(&mut r, KeyCode::Esc, KeyModifiers::NONE);
    key(&mut r, 'n');
    assert_eq!(r.notes.lines().join(""), "");
    key(&mut r, 'p');
    let log = submitted(&key(&mut r, '6')).unwrap().clone();
    assert_eq!(log.notes.as_deref(), Some("terse"));
}

#[test]
fn next_previous_and_skip() {
    let mut r = review();
    r.act(crate::tui::Action::ReviewGoOn);
    assert!(key(&mut r, 'n').is_empty());
    assert_eq!(r.index, 1);
    key(&mut r, 'p');
    assert_eq!(r.index, 0);
    let cmds = key(&mut r, 's');
    assert!(matches!(&cmds[..], [Cmd::SaveProgress(p)] if p.get(0) == Some(&Mark::Skipped)));
    assert_eq!((r.index, r.tally().1), (1, 1));
}

#[test]
fn an_item_without_prompt_asks_and_the_choice_sticks() {
    let mut r = review();
    r.act(crate::tui::Action::ReviewGoOn);
    key(&mut r, 'n');
    key(&mut r, 'n');
    assert_eq!(r.phase, Phase::Picking, "item 3 names no prompt");
    for c in "triage".chars() {
        assert!(key(&mut r, c).is_empty(), "keys filter in the picker");
    }
    press(&mut r, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(r.phase, Phase::Reviewing);
    let log = submitted(&key(&mut r, '5')).unwrap().clone();
    assert_eq!(log.prompt_id, "prm_2");
    assert_eq!(log.model_used, "claude-sonnet-4");
    assert_eq!(r.chosen_prompt.as_deref(), Some("prm_2"));
}

#[test]
fn undo_discards_from_the_outbox_or_deletes_after_asking() {
    let mut r = review();
    r.act(crate::tui::Action::ReviewGoOn);
    let first = submitted(&key(&mut r, '7')).unwrap().clone();
    assert!(key(&mut r, 'u').is_empty(), "still sending: nothing yet");
    assert_eq!(r.index, 1);
    r.update(delivered(&first, "log_1"));
    let second = submitted(&key(&mut r, '4')).unwrap().clone();
    let entry = Entry::new("local", second.clone());
    let obx = entry.id.clone();
    r.update(Message::Api(ApiEvent::Submitted {
        log: second,
        result: Box::new(SubmitResult::Queued {
            entry,
            error: ApiError::Timeout(Duration::from_secs(10)),
        }),
    }));
    assert_eq!(r.phase, Phase::Picking, "item 3 names no prompt");
    press(&mut r, KeyCode::Esc, KeyModifiers::NONE);
    // Still only in the outbox: discarded at once.
    let cmds = key(&mut r, 'u');
    assert_eq!(cmds[0], Cmd::DiscardOutbox(obx));
    assert!(matches!(&cmds[1], Cmd::SaveProgress(p) if p.get(1).is_none()));
    assert_eq!(r.index, 1);
    // Delivered: asks, then deletes; the answer puts us back on it.
    assert!(key(&mut r, 'u').is_empty());
    assert!(matches!(r.phase, Phase::ConfirmUndo { index: 0, .. }));
    assert!(key(&mut r, 'n').is_empty());
    assert_eq!(r.phase, Phase::Reviewing);
    key(&mut r, 'u');
    let cmds = key(&mut r, 'y');
    assert_eq!(
        cmds,
        vec![Cmd::DeleteLog {
            log_id: "log_1".into(),
            prompt_id: "prm_1".into()
        }]
    );
    let cmds = r.update(Message::Api(ApiEvent::Deleted {
        log_id: "log_1".into(),
        prompt_id: "prm_1".into(),
        result: Ok(()),
    }));
    assert!(matches!(&cmds[..], [Cmd::SaveProgress(p)] if p.items.is_empty()));
    assert_eq!((r.index, r.tally().0), (0, 0));
}

#[test]
fn resuming_starts_at_the_first_unreviewed_and_shows_what_was_logged() {
    let mut p = Progress::default();
    p.mark_logged(0, "log_1", Some(8));
    let mut r = Review::new(
        queue(INPUT),
        p,
        None,
        crate::tui::fixtures::offline_client(),
    );
    assert_eq!(r.index, 1);
    r.act(crate::tui::Action::ReviewGoOn);
    key(&mut r, 'p');
    let text = format!("{:?}", screen(&r, 100, 30).backend());
    assert!(text.contains("Already logged: log_1"), "{text}");
    assert!(key(&mut r, '3').is_empty(), "not logged twice");
}

#[test]
fn an_output_already_on_the_server_is_not_sent_again() {
    let mut r = review();
    r.act(crate::tui::Action::ReviewGoOn);
    let log = Log {
        id: "log_9".into(),
        prompt_id: "prm_1".into(),
        output: "revenue rose 12%   on online sales.".into(),
        model_used: "gpt-4o".into(),
        notes: None,
        score: Some(7.0),
        created_at: String::new(),
    };
    r.update(Message::Api(ApiEvent::AllLogs(Ok(vec![log]))));
    let cmds = key(&mut r, '7');
    assert!(submitted(&cmds).is_none());
    assert!(matches!(&cmds[..], [Cmd::SaveProgress(p)] if p.get(0).is_some()));
}

#[test]
fn scores_wait_for_the_prompts_and_the_logs() {
    let mut r = Review::new(
        queue(INPUT),
        Progress::default(),
        None,
        crate::tui::fixtures::offline_client(),
    );
    let _ = r.start();
    r.act(crate::tui::Action::ReviewGoOn);
    r.update(Message::Api(ApiEvent::Prompts(Ok(prompts()))));
    assert!(key(&mut r, '7').is_empty(), "logs not loaded yet");
    assert_eq!(r.index, 0);
    r.update(Message::Api(ApiEvent::AllLogs(Ok(Vec::new()))));
    assert!(submitted(&key(&mut r, '7')).is_some());
}

#[test]
fn snapshot_bad_lines() {
    let mut r = review();
    r.elapsed = Duration::ZERO;
    insta::assert_snapshot!("review_bad_lines", screen(&r, 100, 24).backend());
}

#[test]
fn snapshot_item_stacked_and_side_by_side() {
    let mut r = review();
    r.act(crate::tui::Action::ReviewGoOn);
    let log = submitted(&key(&mut r, '8')).unwrap().clone();
    r.update(delivered(&log, "log_1"));
    r.banner = None;
    r.elapsed = Duration::from_secs(75);
    insta::assert_snapshot!("review_item_stacked", screen(&r, 100, 30).backend());
    insta::assert_snapshot!("review_item_wide", screen(&r, 130, 30).backend());
}

#[test]
fn snapshot_picker_and_done() {
    let mut r = review();
    r.act(crate::tui::Action::ReviewGoOn);
    key(&mut r, 'n');
    key(&mut r, 'n');
    r.banner = None;
    r.elapsed = Duration::from_secs(5);
    insta::assert_snapshot!("review_picker", screen(&r, 100, 30).backend());
    press(&mut r, KeyCode::Esc, KeyModifiers::NONE);
    key(&mut r, 's');
    r.banner = None;
    insta::assert_snapshot!("review_done", screen(&r, 100, 30).backend());
}

#[test]
fn notes_typed_for_an_item_are_a_draft_that_survives_a_restart() {
    let mut r = review();
    r.act(crate::tui::Action::ReviewGoOn);
    key(&mut r, 'i');
    for c in "kept".chars() {
        key(&mut r, c);
    }
    // Written half a second after the last keystroke, not on every key.
    assert!(r.notes_dirty.is_some());
    r.notes_dirty = r.notes_dirty.map(|t| t - Duration::from_secs(1));
    let cmds = r.update(Message::Tick);
    let Some(Cmd::SaveProgress(p)) = cmds.iter().find(|c| matches!(c, Cmd::SaveProgress(_))) else {
        panic!("{cmds:?}")
    };
    assert_eq!(p.notes.get(&r.index).map(String::as_str), Some("kept"));
    // A new run over the same progress (after a crash) shows them again.
    let index = r.index;
    let mut again = Review::new(
        queue(INPUT),
        p.clone(),
        None,
        crate::tui::fixtures::offline_client(),
    );
    let _ = again.start();
    again.update(Message::Api(ApiEvent::Prompts(Ok(prompts()))));
    again.update(Message::Api(ApiEvent::AllLogs(Ok(Vec::new()))));
    again.act(crate::tui::Action::ReviewGoOn);
    assert_eq!(again.index, index);
    assert_eq!(again.notes.lines().join(""), "kept");
    let log = submitted(&key(&mut again, '7')).unwrap().clone();
    assert_eq!(log.notes.as_deref(), Some("kept"));
}
