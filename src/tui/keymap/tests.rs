//! The keymap with a config's `[keys]` over it: merging, unbinding,
//! conflicts and shadowed text keys reported with both names, and the
//! README's key table generated from the defaults.

use std::path::Path;

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Ctx, Keymap, readme_table};
use crate::config::{Config, Flags, parse};
use crate::tui::action::Action;

fn keymap_of(text: &str) -> Keymap {
    let fc = parse(Path::new("c.toml"), text).unwrap();
    let c = Config::resolve(Path::new("c.toml"), fc, &|_| None, &Flags::default()).unwrap();
    Keymap::with_overrides(&c.keys)
}

const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const NONE: KeyModifiers = KeyModifiers::NONE;

#[test]
fn the_defaults_have_no_conflict() {
    let km = keymap_of("");
    assert!(km.problems.is_empty(), "{:?}", km.problems);
    assert_eq!(km, Keymap::default_table());
}

#[test]
fn a_partial_table_replaces_only_what_it_names() {
    let km = keymap_of(
        "[keys.global]\nsubmit = [\"ctrl-enter\", \"alt-s\"]\n[keys.log-detail]\ndelete = \"x\"",
    );
    assert!(km.problems.is_empty(), "{:?}", km.problems);
    let g = [Ctx::Global, Ctx::Form];
    assert_eq!(km.resolve(KeyCode::Enter, CTRL, &g), Some(Action::Submit));
    assert_eq!(
        km.resolve(KeyCode::Char('s'), KeyModifiers::ALT, &g),
        Some(Action::Submit)
    );
    // The old keys are gone, the other actions keep theirs.
    assert_eq!(km.resolve(KeyCode::Char('s'), CTRL, &g), None);
    assert_eq!(km.resolve(KeyCode::F(5), NONE, &g), None);
    assert_eq!(km.resolve(KeyCode::F(1), NONE, &g), Some(Action::Help));
    assert_eq!(
        km.resolve(KeyCode::Char('g'), CTRL, &g),
        Some(Action::OpenEditor)
    );
    // `log-detail` names log_detail; its `d` is replaced by `x`.
    let d = [Ctx::LogDetail];
    assert_eq!(
        km.resolve(KeyCode::Char('x'), NONE, &d),
        Some(Action::Delete)
    );
    assert_eq!(km.resolve(KeyCode::Char('d'), NONE, &d), None);
    // The footer and help name the new key, in the old place.
    let footer = km.footer(&g);
    let submit = footer.iter().find(|f| f.2 == Action::Submit).unwrap();
    assert_eq!((submit.0, submit.1), ("Ctrl-Enter", "submit"));
    assert_eq!(km.keys_of(Ctx::Global, Action::Submit), "Ctrl-Enter, Alt-S");
    assert_eq!(km.bindings[1].label, "Ctrl-Enter", "in the default's place");
}

#[test]
fn an_empty_binding_unbinds() {
    let km = keymap_of("[keys.logs]\ndelete = \"\"\n[keys.prompts]\nquit = []");
    assert!(km.problems.is_empty(), "{:?}", km.problems);
    assert_eq!(km.resolve(KeyCode::Char('d'), NONE, &[Ctx::Logs]), None);
    assert_eq!(km.resolve(KeyCode::Char('q'), NONE, &[Ctx::Prompts]), None);
    assert_eq!(km.keys_of(Ctx::Logs, Action::Delete), "");
    assert_eq!(
        km.resolve(KeyCode::Char('q'), NONE, &[Ctx::Logs]),
        Some(Action::Quit),
        "other contexts keep their key"
    );
}

#[test]
fn two_actions_on_one_key_are_reported_with_both_names() {
    let km = keymap_of("[keys.logs]\ndelete = \"m\"");
    assert_eq!(km.problems.len(), 1, "{:?}", km.problems);
    let p = &km.problems[0];
    assert!(
        p.contains("delete") && p.contains("mark_diff") && p.contains('m'),
        "{p}"
    );
    // A global key over a place's key is a conflict too.
    let km = keymap_of("[keys.global]\noutbox = \"f5\"");
    let p = km.problems.join("; ");
    assert!(
        p.contains("outbox") && p.contains("submit") && p.contains("F5"),
        "{p}"
    );
}

#[test]
fn a_binding_that_shadows_a_text_key_is_reported() {
    let km = keymap_of("[keys.global]\nsubmit = \"ctrl-k\"\n[keys.form]\nopen_editor = \"e\"");
    let p = km.problems.join("; ");
    assert!(
        p.contains("Ctrl-K (submit, global) shadows Ctrl-K (cut to the end of the line)"),
        "{p}"
    );
    assert!(
        p.contains("e (open_editor, form) shadows typing 'e'"),
        "{p}"
    );
    // Outside text fields a letter is fine.
    assert!(keymap_of("[keys.logs]\ndelete = \"x\"").problems.is_empty());
}

#[test]
fn unknown_names_are_reported() {
    let km = keymap_of("[keys.nowhere]\nsubmit = \"f5\"\n[keys.logs]\nfly = \"f\"\nsubmit = \"s\"");
    let p = km.problems.join("; ");
    assert!(
        p.contains("[keys.nowhere]: no key context is called \"nowhere\""),
        "{p}"
    );
    assert!(
        p.contains("keys.logs.fly: no action is called \"fly\""),
        "{p}"
    );
    assert!(
        p.contains("keys.logs.submit: logs has no submit (its actions: up, down"),
        "{p}"
    );
}

#[test]
fn the_readme_key_table_is_the_default_keymap() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = readme_table(&Keymap::default_table());
    assert!(
        readme.contains(&table),
        "README.md's key table differs from the keymap; put this between the key-table markers:\n{table}"
    );
}
