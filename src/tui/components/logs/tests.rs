//! Paging of a prompt's logs: pages appended newest first and never twice,
//! the end of the list known, the whole-list fallback, one page at a time,
//! a failed page kept and asked again, a search loading the rest, and the
//! exact figures kept exact when a log changes.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use super::*;
use crate::stats::prompt_stats;
use crate::tui::action::Action;
use crate::tui::message::Cmd;

/// Log `i` of `prm_1`: a later `i` is newer; scores cycle 0..=10, model a or b.
fn log(i: usize) -> Log {
    Log {
        id: format!("log_{i:04}"),
        prompt_id: "prm_1".into(),
        output: format!("answer {i:04}"),
        model_used: if i.is_multiple_of(2) { "a" } else { "b" }.into(),
        notes: None,
        score: u32::try_from(i % 11).ok().map(f64::from),
        created_at: format!(
            "2026-01-01T{:02}:{:02}:{:02}.000Z",
            i / 3600,
            i / 60 % 60,
            i % 60
        ),
    }
}

/// Logs `from..to`, newest first, as a page followed by `next`.
fn page(from: usize, to: usize, next: Option<&str>) -> LogPage {
    LogPage {
        logs: (from..to).rev().map(log).collect(),
        next: next.map(str::to_owned),
        whole_list: false,
    }
}

fn ids(l: &PromptLogs) -> Vec<String> {
    l.logs.iter().map(|l| l.id.clone()).collect()
}

/// A pane 60 columns by 20 rows: 16 rows of logs, give or take the summary.
const PANE: Rect = Rect::new(0, 0, 60, 20);

#[test]
fn the_next_page_goes_under_the_first_and_the_last_one_ends_the_list() {
    let mut l = PromptLogs::from_page(page(7, 10, Some("c1")));
    assert!(matches!(&l.paging, Paging::More(c) if c == "c1"));
    assert_eq!(ids(&l), ["log_0009", "log_0008", "log_0007"]);
    assert_eq!(l.append(page(4, 7, Some("c2"))), 3);
    assert!(matches!(&l.paging, Paging::More(c) if c == "c2"));
    assert_eq!(l.append(page(0, 4, None)), 4);
    assert!(l.paging.is_complete());
    let want: Vec<String> = (0..10).rev().map(|i| format!("log_{i:04}")).collect();
    assert_eq!(ids(&l), want, "newest first, every log once");
    assert_eq!(l.shown_len(), 10);
    assert_eq!(l.figures().total, 10);
}

#[test]
fn a_log_held_already_is_not_added_twice() {
    let mut l = PromptLogs::from_page(page(5, 10, Some("c")));
    // Just logged and pushed on top; the next page also holds one held already.
    assert!(l.push_newest(log(10)));
    assert!(!l.push_newest(log(10)), "pushed twice");
    let mut next = page(2, 5, None);
    next.logs.insert(0, log(5));
    next.logs.push(log(10));
    assert_eq!(l.append(next), 3);
    let want: Vec<String> = (2..=10).rev().map(|i| format!("log_{i:04}")).collect();
    assert_eq!(ids(&l), want);
    assert_eq!(l.figures().total, 9);
}

#[test]
fn a_page_out_of_order_is_put_newest_first() {
    let mut l = PromptLogs::from_page(page(5, 8, Some("c")));
    let mut older = page(0, 5, None);
    older.logs.reverse();
    older.logs.push(log(9));
    l.append(older);
    let want: Vec<String> = [9, 7, 6, 5, 4, 3, 2, 1, 0]
        .iter()
        .map(|i| format!("log_{i:04}"))
        .collect();
    assert_eq!(ids(&l), want);
    // The rows follow their logs.
    assert_eq!(l.rows[0].first, "answer 0009");
    assert_eq!(l.rows[8].first, "answer 0000");
}

#[test]
fn the_whole_list_from_a_server_that_ignores_limit_asks_for_nothing_more() {
    let mut pane = LogsPane::default();
    assert_eq!(pane.open("prm_1").len(), 2);
    let whole = LogPage {
        logs: (0..450).rev().map(log).collect(),
        // Even with a cursor, a whole list has no next page.
        next: Some("ignored".into()),
        whole_list: true,
    };
    pane.arrived("prm_1".into(), Ok(whole));
    let l = pane.loaded("prm_1").unwrap();
    assert!(l.paging.is_complete());
    assert_eq!(l.logs.len(), 450);
    for _ in 0..500 {
        assert_eq!(pane.move_by("prm_1", 1, PANE), None);
    }
    assert_eq!(pane.selected_log("prm_1").unwrap().id, "log_0000");
    assert_eq!(
        pane.total("prm_1"),
        Some(450),
        "exact without the statistics"
    );
}

#[test]
fn the_next_page_is_asked_near_the_end_once_and_again_after_a_failure() {
    let mut pane = LogsPane::default();
    pane.open("prm_1");
    pane.arrived("prm_1".into(), Ok(page(250, 450, Some("c200"))));
    assert_eq!(pane.move_by("prm_1", 1, PANE), None, "far from the end");
    let want = Cmd::LoadMoreLogs {
        prompt_id: "prm_1".into(),
        before: "c200".into(),
    };
    let mut asked = Vec::new();
    for _ in 0..250 {
        asked.extend(pane.move_by("prm_1", 1, PANE));
    }
    assert_eq!(asked, std::slice::from_ref(&want), "one request at a time");
    let rows = pane.rows_in_view("prm_1", PANE);
    assert!(rows > 5, "{rows}");
    assert_eq!(pane.window.selected, 199, "held at the last row loaded");
    // An answer for another cursor is stale: dropped.
    let stale = pane.more_arrived("prm_1", "old", Ok(page(0, 10, None)), Some(PANE));
    assert!(stale.is_ok_and(|c| c.is_empty()));
    assert_eq!(pane.loaded("prm_1").unwrap().logs.len(), 200);
    let down = crate::client::ApiError::Timeout(std::time::Duration::from_secs(1));
    let failed = pane.more_arrived("prm_1", "c200", Err(down), Some(PANE));
    assert!(failed.is_err(), "reported: {failed:?}");
    let l = pane.loaded("prm_1").unwrap();
    assert!(matches!(l.paging, Paging::Failed { .. }));
    assert_eq!(l.logs.len(), 200, "the rows loaded stay");
    assert_eq!(
        pane.move_by("prm_1", 1, PANE),
        Some(want),
        "moving asks again"
    );
    let cmds = pane.more_arrived("prm_1", "c200", Ok(page(50, 250, Some("c400"))), Some(PANE));
    assert!(
        cmds.is_ok_and(|c| c.is_empty()),
        "the highlight is far from the end again"
    );
    assert_eq!(pane.selected_log("prm_1").unwrap().id, "log_0250", "kept");
    assert_eq!(pane.loaded("prm_1").unwrap().logs.len(), 400);
}

#[test]
fn a_search_on_a_partial_list_loads_every_page_in_turn() {
    let mut pane = LogsPane::default();
    pane.open("prm_1");
    pane.arrived("prm_1".into(), Ok(page(250, 450, Some("c200"))));
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    pane.act("prm_1", Action::LogsSearch, PANE).unwrap();
    let cmds: Vec<Cmd> = "0007"
        .chars()
        .flat_map(|c| pane.type_search("prm_1", key(c), PANE))
        .collect();
    assert_eq!(cmds.len(), 1, "one page at a time: {cmds:?}");
    assert_eq!(
        pane.loaded("prm_1").unwrap().shown_len(),
        0,
        "not loaded yet"
    );
    let next = pane
        .more_arrived("prm_1", "c200", Ok(page(50, 250, Some("c400"))), Some(PANE))
        .unwrap();
    assert_eq!(
        next,
        [Cmd::LoadMoreLogs {
            prompt_id: "prm_1".into(),
            before: "c400".into()
        }],
        "the next page follows by itself"
    );
    let done = pane
        .more_arrived("prm_1", "c400", Ok(page(0, 50, None)), Some(PANE))
        .unwrap();
    assert!(done.is_empty());
    let l = pane.loaded("prm_1").unwrap();
    assert!(l.paging.is_complete());
    assert_eq!(l.shown_len(), 1);
    assert_eq!(pane.selected_log("prm_1").unwrap().id, "log_0007");
}

#[test]
fn the_figures_come_from_the_statistics_and_stay_exact_when_a_log_changes() {
    let all: Vec<Log> = (0..450).map(log).collect();
    let mut pane = LogsPane::default();
    pane.open("prm_1");
    pane.arrived("prm_1".into(), Ok(page(250, 450, Some("c200"))));
    assert_eq!(
        pane.total("prm_1"),
        None,
        "unknown until the statistics come"
    );
    pane.stats_arrived("prm_1".into(), Ok(prompt_stats(&all)));
    assert_eq!(pane.total("prm_1"), Some(450));
    let exact = Figures::of_logs(&all);
    let mean = |p: &LogsPane| p.figures("prm_1").and_then(Figures::mean).unwrap();
    assert!((mean(&pane) - exact.mean().unwrap()).abs() < 1e-9);
    assert_eq!(pane.filter_models("prm_1"), ["a", "b"]);

    let new = log(450);
    let cmds = pane.logged(new.clone());
    assert_eq!(cmds, [Cmd::LoadStats("prm_1".into())], "asked again");
    assert_eq!(pane.total("prm_1"), Some(451), "counted meanwhile");
    let mut with_new = all.clone();
    with_new.push(new.clone());
    let want = Figures::of_logs(&with_new).mean().unwrap();
    assert!((mean(&pane) - want).abs() < 1e-9);

    let mut fixed = new.clone();
    fixed.score = Some(0.0);
    assert_eq!(pane.corrected(&new, fixed.clone()).len(), 1);
    *with_new.last_mut().unwrap() = fixed;
    let want = Figures::of_logs(&with_new).mean().unwrap();
    assert!((mean(&pane) - want).abs() < 1e-9);
    assert_eq!(pane.loaded("prm_1").unwrap().logs[0].score, Some(0.0));

    assert_eq!(pane.deleted("prm_1", "log_0450").len(), 1);
    assert_eq!(pane.total("prm_1"), Some(450));
    assert!((mean(&pane) - exact.mean().unwrap()).abs() < 1e-9);
    assert_eq!(pane.loaded("prm_1").unwrap().logs.len(), 200);
}
