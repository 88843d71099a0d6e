//! Tests of the default key table.

use super::*;

fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

#[test]
fn global_beats_focused_and_q_is_not_global() {
    let s = key(K::Char('s'), CTRL);
    assert_eq!(resolve(&s, &[C::Global, C::Form]), Some(A::Submit));
    let q = key(K::Char('q'), NONE);
    assert_eq!(
        resolve(&q, &[C::Global, C::Form]),
        None,
        "q types in text fields"
    );
    assert_eq!(resolve(&q, &[C::Global, C::Prompts]), Some(A::Quit));
    let plus = key(K::Char('+'), KeyModifiers::SHIFT);
    assert_eq!(resolve(&plus, &[C::Global, C::Score]), Some(A::ScoreUp));
}

#[test]
fn editor_key_is_not_a_textarea_key() {
    // ratatui-textarea binds Ctrl with m h d k j w n p f b a e u r y x c v.
    for b in BINDINGS
        .iter()
        .filter(|b| b.mods == CTRL && matches!(b.ctx, C::Global | C::Form))
    {
        if let K::Char(c) = b.code {
            assert!(
                !"mhdkjwnpfbaeuryxv".contains(c),
                "{c} clashes with a textarea key"
            );
        }
    }
}

#[test]
fn every_context_name_reads_back() {
    for (c, n) in CTX_NAMES {
        assert_eq!(c.to_string(), *n);
        assert_eq!(n.parse::<Ctx>(), Ok(*c));
    }
    assert_eq!("form".parse::<Ctx>(), Ok(C::Form));
    assert!("nowhere".parse::<Ctx>().is_err());
}

#[test]
fn every_action_in_help_has_words() {
    assert!(
        BINDINGS
            .iter()
            .all(|b| !b.desc.is_empty() && !b.label.is_empty())
    );
    assert!(!hints(&[C::Global, C::Prompts]).is_empty());
}

#[test]
fn footer_puts_the_focused_place_first_and_has_help_everywhere() {
    let model = footer(&[C::Global, C::Form, C::Model]);
    assert_eq!(model[0].0, "Up", "the model field's own keys lead");
    let help: Vec<_> = model.iter().filter(|h| h.2 == A::Help).collect();
    assert_eq!(help.len(), 1);
    assert_eq!(help[0].0, "F1", "? types in a text field");
    let prompts = footer(&[C::Global, C::Prompts]);
    let help = prompts.iter().find(|h| h.2 == A::Help).unwrap();
    assert_eq!(help.0, "?", "each action once: ? rather than F1");
    assert!(BINDINGS.iter().all(|b| b.hint != b.short.is_empty()));
    let dialog = footer(&[C::Dialog, C::Global]);
    assert_eq!(dialog[0].0, "Enter", "a dialog's own keys lead too");
    let confirm = footer(&[C::Confirm]);
    assert_eq!(confirm.len(), 2, "only the question's keys: {confirm:?}");
}
