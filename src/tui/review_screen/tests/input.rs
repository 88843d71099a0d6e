//! Review input the way files carry it: `prompt`, `prompt_id` and titles,
//! metadata keys said once, the chosen prompt kept with the progress, the
//! picker that stays closed after Esc, and the summary.

use super::*;

const NAMED: &str = r#"{"output":"By id under prompt.","prompt":"prm_1"}
{"output":"By prompt_id.","prompt_id":"prm_2","run":"r1"}
{"output":"By title.","prompt":"support ticket triage","run":"r2"}
{"output":"Unknown title.","prompt":"No such prompt"}
"#;

fn named(progress: Progress) -> Review {
    loaded(NAMED, progress)
}

#[test]
fn prompt_prompt_id_and_titles_name_the_prompt() {
    let r = named(Progress::default());
    let ids: Vec<Option<&str>> = r.items.iter().map(|i| i.prompt_id.as_deref()).collect();
    assert_eq!(
        ids,
        vec![
            Some("prm_1"),
            Some("prm_2"),
            Some("prm_2"),
            Some("No such prompt")
        ]
    );
    let banner = &r.banner.as_ref().unwrap().text;
    assert!(
        banner.contains("No such prompt") && banner.contains("items.jsonl:4"),
        "{banner}"
    );
    assert_eq!(
        r.items[1].metadata,
        vec![("run".to_owned(), serde_json::json!("r1"))]
    );
}

#[test]
fn metadata_keys_are_listed_once_at_the_start() {
    let r = Review::new(
        queue(NAMED),
        Progress::default(),
        None,
        crate::tui::fixtures::offline_client(),
    );
    let banner = &r.banner.as_ref().unwrap().text;
    assert_eq!(banner.matches("run").count(), 1, "{banner}");
}

#[test]
fn the_picker_stays_closed_after_esc_and_the_choice_is_saved() {
    let input = "{\"output\":\"a\"}\n{\"output\":\"b\"}\n{\"output\":\"c\"}\n";
    let mut r = loaded(input, Progress::default());
    assert_eq!(r.phase, Phase::Picking);
    press(&mut r, KeyCode::Esc, KeyModifiers::NONE);
    key(&mut r, 'n');
    assert_eq!(
        (r.index, &r.phase),
        (1, &Phase::Reviewing),
        "n is a review key again"
    );
    key(&mut r, '7');
    assert_eq!(r.phase, Phase::Picking, "a score asks for the prompt");
    let cmds = press(&mut r, KeyCode::Enter, KeyModifiers::NONE);
    let saved = cmds.iter().find_map(|c| match c {
        Cmd::SaveProgress(p) => Some(p),
        _ => None,
    });
    assert_eq!(saved.and_then(|p| p.prompt_id.as_deref()), Some("prm_1"));
    // A resume asks no more and starts at the first item not reviewed.
    let mut progress = r.progress.clone();
    progress.mark_logged(0, "log_1", Some(7));
    let again = Review::new(
        queue(input),
        progress,
        None,
        crate::tui::fixtures::offline_client(),
    );
    assert_eq!(again.chosen_prompt.as_deref(), Some("prm_1"));
    assert_eq!(again.index, 1);
}

#[test]
fn the_done_screen_shows_the_summary() {
    let mut progress = Progress::default();
    progress.mark_logged(0, "log_1", Some(8));
    progress.mark_logged(1, "log_2", Some(5));
    progress.mark_skipped(2);
    for (i, s) in [(0, 40), (1, 20), (2, 5)] {
        progress.add_time(i, Duration::from_secs(s));
    }
    let mut r = named(progress);
    r.go_to(4);
    let s = r.summary();
    assert_eq!((s.logged, s.skipped, s.left), (2, 1, 1));
    assert_eq!(
        s.to_string(),
        "Review: 2 logged, 1 skipped, 1 left; mean score 6.5; median 20 s per item."
    );
    r.banner = None;
    insta::assert_snapshot!("review_summary", screen(&r, 100, 12).backend());
}
