//! A prompt with more logs than one page, on the main screen: opening a
//! prompt asks for its newest page and its statistics; the title's exact
//! count while the list is partial; the next page asked near the end and
//! said in the pane; a failed page in words, asked again by moving; a
//! search loading the rest; a new log counted at once; the scoreboard and
//! the delete question with the exact figures.

use super::*;
use crate::client::LogPage;
use crate::model::Log;
use crate::tui::components::logs::Paging;
use crate::tui::fixtures::many_logs;

/// Every log of `prm_1` (450), newest first.
fn all_logs() -> Vec<Log> {
    let mut all = many_logs(450);
    all.sort_by(|a, b| (&b.created_at, &b.id).cmp(&(&a.created_at, &a.id)));
    all
}

fn page(logs: &[Log], next: Option<&str>) -> LogPage {
    LogPage {
        logs: logs.to_vec(),
        next: next.map(str::to_owned),
        whole_list: false,
    }
}

/// The screen the partial list is drawn on.
const W: u16 = 120;
const H: u16 = 35;

/// The app at [`W`] x [`H`], the logs pane focused, with the newest page of
/// `prm_1`'s 450 logs loaded and the statistics of all of them.
fn partial_app() -> App {
    let all = all_logs();
    let mut app = app();
    app.update(Message::Input(Event::Resize(W, H)));
    app.update(Message::Api(ApiEvent::Logs {
        prompt_id: "prm_1".into(),
        result: Ok(page(&all[..200], Some("c200"))),
    }));
    app.update(Message::Api(ApiEvent::Stats {
        prompt_id: "prm_1".into(),
        result: Box::new(Ok(crate::stats::prompt_stats(&all))),
    }));
    app.set_focus(Focus::Logs);
    app
}

fn mean_of_all() -> f64 {
    let all = all_logs();
    all.iter().filter_map(|l| l.score).sum::<f64>() / 450.0
}

fn paging(app: &App) -> &Paging {
    &app.logs.loaded("prm_1").unwrap().paging
}

/// Presses Down until a command comes back (at most `n` times): the
/// presses it took and the commands.
fn down_until_asked(app: &mut App, n: usize) -> (usize, Vec<Cmd>) {
    for i in 1..=n {
        let cmds = key(app, KeyCode::Down);
        if !cmds.is_empty() {
            return (i, cmds);
        }
    }
    (n, Vec::new())
}

#[test]
fn opening_a_prompt_asks_for_its_newest_page_and_its_statistics() {
    let mut app = app();
    let cmds = key(&mut app, KeyCode::Down);
    assert_eq!(
        cmds,
        [
            Cmd::LoadLogs("prm_2".into()),
            Cmd::LoadStats("prm_2".into())
        ]
    );
    assert!(logs_pane(&app, 100, 30).contains("Loading logs"));
    assert!(key(&mut app, KeyCode::Up).is_empty(), "here already");
    let all = all_logs();
    key(&mut app, KeyCode::Down);
    app.update(Message::Api(ApiEvent::Logs {
        prompt_id: "prm_2".into(),
        result: Ok(page(&all[..200], Some("c200"))),
    }));
    let pane = logs_pane(&app, 100, 30);
    assert!(
        pane.contains(" Logs 200+ "),
        "the total not known yet:\n{pane}"
    );
    assert!(pane.contains("counting every log"), "{pane}");
    assert!(
        pane.contains(&all[0].output.lines().next().unwrap()[..20]),
        "{pane}"
    );
}

#[test]
fn the_title_counts_every_log_while_only_the_newest_page_is_loaded() {
    let app = partial_app();
    let pane = logs_pane(&app, W, H);
    let title = format!(" Logs 200 of 450 \u{b7} mean {:.1} ", mean_of_all());
    assert!(pane.contains(&title), "{pane}");
    assert!(matches!(paging(&app), Paging::More(c) if c == "c200"));
    insta::assert_snapshot!("partial_title", pane);
}

#[test]
fn near_the_end_the_next_page_is_asked_said_in_the_pane_and_asked_again_after_a_failure() {
    let mut app = partial_app();
    let (presses, cmds) = down_until_asked(&mut app, 200);
    let more = Cmd::LoadMoreLogs {
        prompt_id: "prm_1".into(),
        before: "c200".into(),
    };
    assert_eq!(cmds, std::slice::from_ref(&more));
    assert!(
        (150..200).contains(&presses),
        "within a screen of the end: {presses}"
    );
    assert_eq!(down_until_asked(&mut app, 60).1, [], "one at a time");
    let pane = logs_pane(&app, W, H);
    assert!(
        pane.contains("loading older logs\u{2026} (200 of 450 loaded)"),
        "{pane}"
    );
    insta::assert_snapshot!("loading_more", pane);

    app.update(Message::Api(ApiEvent::MoreLogs {
        prompt_id: "prm_1".into(),
        before: "c200".into(),
        result: Err(status(503, "Busy, try later.")),
    }));
    let banner = app.banner.as_ref().map(|b| b.text.clone()).unwrap();
    assert!(
        banner.starts_with("Cannot load older logs:") && banner.contains("Busy, try later."),
        "{banner}"
    );
    let pane = logs_pane(&app, W, H);
    assert!(pane.contains("Cannot load older logs"), "{pane}");
    assert_eq!(app.logs.loaded("prm_1").unwrap().logs.len(), 200, "kept");
    insta::assert_snapshot!("more_failed", pane);

    assert_eq!(key(&mut app, KeyCode::Up), [more], "moving asks again");
    let all = all_logs();
    app.update(Message::Api(ApiEvent::MoreLogs {
        prompt_id: "prm_1".into(),
        before: "c200".into(),
        result: Ok(page(&all[200..400], Some("c400"))),
    }));
    let pane = logs_pane(&app, W, H);
    assert!(pane.contains(" Logs 400 of 450 "), "{pane}");
    assert!(!pane.contains("older logs"), "{pane}");
}

#[test]
fn a_search_on_a_partial_list_loads_the_rest_and_says_so() {
    let mut app = partial_app();
    let all = all_logs();
    key(&mut app, KeyCode::Char('/'));
    let mut cmds = Vec::new();
    for c in "answer 7:".chars() {
        cmds.extend(key(&mut app, KeyCode::Char(c)));
    }
    assert_eq!(
        cmds,
        [Cmd::LoadMoreLogs {
            prompt_id: "prm_1".into(),
            before: "c200".into()
        }]
    );
    let pane = logs_pane(&app, W, H);
    assert!(
        pane.contains("searching 200 of 450 loaded\u{2026}"),
        "{pane}"
    );
    insta::assert_snapshot!("searching", pane);
    let next = app.update(Message::Api(ApiEvent::MoreLogs {
        prompt_id: "prm_1".into(),
        before: "c200".into(),
        result: Ok(page(&all[200..400], Some("c400"))),
    }));
    assert_eq!(
        next,
        [Cmd::LoadMoreLogs {
            prompt_id: "prm_1".into(),
            before: "c400".into()
        }],
        "the next page follows by itself"
    );
    assert!(logs_pane(&app, W, H).contains("searching 400 of 450 loaded"));
    let done = app.update(Message::Api(ApiEvent::MoreLogs {
        prompt_id: "prm_1".into(),
        before: "c400".into(),
        result: Ok(page(&all[400..], None)),
    }));
    assert!(done.is_empty());
    assert!(paging(&app).is_complete());
    let shown = app.logs.loaded("prm_1").unwrap();
    assert_eq!(shown.shown_len(), 1);
    assert_eq!(shown.shown(0).unwrap().id, "log_000007");
    let pane = logs_pane(&app, W, H);
    assert!(!pane.contains("searching"), "{pane}");
    assert!(pane.contains(" Logs 1/450 "), "{pane}");
}

#[test]
fn a_new_log_is_counted_at_once_and_the_statistics_asked_again() {
    let mut app = partial_app();
    let mut new = log(9, "prm_1", "gpt-4o", Some(10.0), "A fresh answer.");
    new.created_at = "2027-01-01T00:00:00.000Z".into();
    let sent = NewLog {
        prompt_id: "prm_1".into(),
        output: new.output.clone(),
        model_used: new.model_used.clone(),
        notes: None,
        score: Some(10),
    };
    let cmds = answer(&mut app, sent, SubmitResult::Logged(new));
    assert!(cmds.contains(&Cmd::LoadStats("prm_1".into())), "{cmds:?}");
    let pane = logs_pane(&app, W, H);
    assert!(pane.contains(" Logs 201 of 451 "), "{pane}");
    assert!(pane.contains("A fresh answer."), "{pane}");
}

#[test]
fn the_scoreboard_and_the_delete_question_use_the_exact_figures() {
    let mut app = partial_app();
    let all = all_logs();
    let best = crate::stats::best_and_worst(&all).0.unwrap().id.clone();
    key(&mut app, KeyCode::Char('b'));
    let board = format!("{}", screen(&app, W, H).backend());
    assert!(board.contains("450 logs, 0 unscored"), "{board}");
    key(&mut app, KeyCode::Char('b'));
    assert_eq!(
        app.overlay_as::<LogDetail>().map(|d| d.log.id.clone()),
        Some(best),
        "the best of every log, loaded or not"
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    app.set_focus(Focus::Prompts);
    key(&mut app, KeyCode::Char('D'));
    assert!(
        matches!(
            question(&app),
            Some(Question::DeletePrompt {
                logs: Some(450),
                ..
            })
        ),
        "{:?}",
        question(&app)
    );
}

#[test]
fn the_scoreboard_says_while_the_statistics_load_and_why_they_failed() {
    let mut app = app();
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('b'));
    let board = format!("{}", screen(&app, 100, 30).backend());
    assert!(board.contains("Loading the statistics"), "{board}");
    app.update(Message::Api(ApiEvent::Stats {
        prompt_id: "prm_2".into(),
        result: Box::new(Err(status(500, "Database is locked."))),
    }));
    let board = format!("{}", screen(&app, 100, 30).backend());
    assert!(
        board.contains("Cannot load the statistics:") && board.contains("Database is locked."),
        "{board}"
    );
}
