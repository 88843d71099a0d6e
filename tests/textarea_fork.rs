//! The fork of ratatui-textarea (vendor/ratatui-textarea) rewraps only the
//! rows an edit changed: after every edit of a long run of random edits, its
//! screen map must be the one a fresh text area builds from the same lines.
//! The screen map is compared through what uses it: moving the cursor up and
//! down by screen lines, and the frame drawn with the cursor on the same row.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// A small deterministic generator (xorshift), so a failure repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: [&str; 8] = [
    "lorem",
    "ipsum",
    "dolor",
    "a",
    "sit",
    "amet,",
    "é👨‍👩‍👧",
    "superlongwordwithoutspaces",
];

fn text(rng: &mut Rng, lines: usize) -> String {
    (0..lines)
        .map(|_| {
            let n = rng.below(12);
            (0..n)
                .map(|_| WORDS[usize::try_from(rng.below(8)).unwrap()])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

/// One random edit or move.
fn edit(ta: &mut TextArea<'_>, rng: &mut Rng) {
    use KeyCode as K;
    use KeyModifiers as M;
    let ev = match rng.below(16) {
        0 => key(K::Enter, M::NONE),
        1 => key(K::Backspace, M::NONE),
        2 => key(K::Delete, M::NONE),
        3 => key(K::Char('k'), M::CONTROL),
        4 => key(K::Char('u'), M::CONTROL),
        5 => key(K::Char('r'), M::CONTROL),
        6 => key(K::Char('w'), M::CONTROL),
        7 => key(K::Char('y'), M::CONTROL),
        8 => key(K::Char('j'), M::CONTROL),
        9 => key(K::Up, M::NONE),
        10 => key(K::Down, M::NONE),
        11 => key(K::Home, M::NONE),
        12 => {
            let lines = usize::try_from(rng.below(4)).unwrap();
            let pasted = text(rng, lines + 1);
            ta.insert_str(pasted);
            return;
        }
        13 => key(K::Char('d'), M::ALT),
        _ => key(
            K::Char(
                WORDS[usize::try_from(rng.below(8)).unwrap()]
                    .chars()
                    .next()
                    .unwrap(),
            ),
            M::NONE,
        ),
    };
    ta.input(ev);
}

fn frame(ta: &TextArea<'_>, area: Rect) -> Buffer {
    let mut buf = Buffer::empty(area);
    ta.render(area, &mut buf);
    buf
}

/// A fresh text area holding `ta`'s lines, drawn once in `area`, its cursor
/// where `ta`'s is.
fn fresh(ta: &TextArea<'_>, mode: WrapMode, area: Rect) -> TextArea<'static> {
    let mut f = TextArea::new(ta.lines().to_vec());
    f.set_wrap_mode(mode);
    frame(&f, area);
    let ratatui_textarea::DataCursor(row, col) = ta.cursor();
    f.move_cursor(CursorMove::Jump(
        u16::try_from(row).unwrap(),
        u16::try_from(col).unwrap(),
    ));
    f
}

/// The cursors met moving `steps` screen lines down, then as many up.
fn walk(mut ta: TextArea<'_>, steps: usize) -> Vec<(usize, usize)> {
    let mut seen = Vec::new();
    for m in [CursorMove::Down, CursorMove::Up] {
        for _ in 0..steps {
            ta.move_cursor(m);
            let c = ta.cursor();
            seen.push((c.0, c.1));
        }
    }
    seen
}

fn check(mode: WrapMode, seed: u64) {
    let mut rng = Rng(seed);
    let area = Rect::new(0, 0, 23, 8);
    let mut ta = TextArea::new(text(&mut rng, 30).split('\n').map(str::to_owned).collect());
    ta.set_wrap_mode(mode);
    frame(&ta, area);
    for i in 0..600 {
        edit(&mut ta, &mut rng);
        let f = fresh(&ta, mode, area);
        let map = |t: &TextArea<'_>| {
            (0..80)
                .map(|r| {
                    let a = t.screen_to_data(r, 0);
                    let b = t.screen_to_data(r, 999);
                    (a.0, a.1, b.0, b.1)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            map(&ta),
            map(&f),
            "{mode:?}, seed {seed}, after edit {i}: the screen maps differ; lines {:?}",
            ta.lines()
        );
        assert_eq!(
            ta.screen_cursor(),
            f.screen_cursor(),
            "{mode:?}, seed {seed}, after edit {i}"
        );
        assert_eq!(
            walk(ta.clone(), 12),
            walk(f.clone(), 12),
            "{mode:?}, seed {seed}, after edit {i}: moving by screen lines differs"
        );
        // Drawn with the cursor at the very start, both show
        // the same screen lines.
        let mut top = ta.clone();
        let mut f_top = f;
        top.move_cursor(CursorMove::Jump(0, 0));
        f_top.move_cursor(CursorMove::Jump(0, 0));
        assert_eq!(
            frame(&top, area),
            frame(&f_top, area),
            "{mode:?}, seed {seed}, after edit {i}: the frames differ"
        );
        frame(&ta, area);
    }
}

#[test]
fn incremental_screen_map_matches_a_fresh_one_word_or_glyph() {
    check(WrapMode::WordOrGlyph, 0x9e37_79b9_7f4a_7c15);
}

#[test]
fn incremental_screen_map_matches_a_fresh_one_glyph_and_word() {
    check(WrapMode::Glyph, 0x2545_f491_4f6c_dd1d);
    check(WrapMode::Word, 0x1234_5678_9abc_def1);
}

#[test]
fn incremental_screen_map_matches_a_fresh_one_without_wrapping() {
    check(WrapMode::None, 42);
}
