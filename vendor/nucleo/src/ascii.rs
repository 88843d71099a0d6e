//! promptcrafter's fork: nucleo-matcher's fuzzy score, made faster for the
//! common case of an ASCII text and a needle of ASCII chars without
//! capitals, case ignored, with nucleo-matcher's default config: the same
//! numbers as its matcher (promptcrafter's tests compare them on random
//! texts), with the character classes and bonuses read from tables, the work
//! done in buffers reused from call to call, and a text that lacks one of
//! the needle's chars ruled out by a mask of the chars it has. nucleo-matcher
//! spent most of the prompt filter's time (perf, 100,000 titles) setting up
//! each text's classes and bonuses char by char and in `memchr2` calls of its
//! prefilter, each one on a text of a few dozen bytes.

const SCORE_MATCH: u16 = 16;
const PENALTY_GAP_START: u16 = 3;
const PENALTY_GAP_EXTENSION: u16 = 1;
const BONUS_BOUNDARY: u16 = SCORE_MATCH / 2;
const BONUS_CAMEL123: u16 = BONUS_BOUNDARY - PENALTY_GAP_START;
const BONUS_NON_WORD: u16 = BONUS_BOUNDARY;
const BONUS_CONSECUTIVE: u16 = PENALTY_GAP_START + PENALTY_GAP_EXTENSION;
const BONUS_FIRST_CHAR_MULTIPLIER: u16 = 2;
const BONUS_BOUNDARY_WHITE: u16 = BONUS_BOUNDARY + 2;
const BONUS_BOUNDARY_DELIMITER: u16 = BONUS_BOUNDARY + 1;

// nucleo-matcher's CharClass, in its order.
const WHITESPACE: u8 = 0;
const NON_WORD: u8 = 1;
const DELIMITER: u8 = 2;
const LOWER: u8 = 3;
const UPPER: u8 = 4;
const NUMBER: u8 = 6;

const fn class_of(c: u8) -> u8 {
    if c.is_ascii_lowercase() {
        LOWER
    } else if c.is_ascii_uppercase() {
        UPPER
    } else if c.is_ascii_digit() {
        NUMBER
    } else if c.is_ascii_whitespace() {
        WHITESPACE
    } else if matches!(c, b'/' | b',' | b':' | b';' | b'|') {
        DELIMITER
    } else {
        NON_WORD
    }
}

const fn bonus_of(prev: u8, class: u8) -> u8 {
    if class > DELIMITER {
        match prev {
            WHITESPACE => return BONUS_BOUNDARY_WHITE as u8,
            DELIMITER => return BONUS_BOUNDARY_DELIMITER as u8,
            NON_WORD => return BONUS_BOUNDARY as u8,
            _ => {}
        }
    }
    if prev == LOWER && class == UPPER || prev != NUMBER && class == NUMBER {
        BONUS_CAMEL123 as u8
    } else if class == WHITESPACE {
        BONUS_BOUNDARY_WHITE as u8
    } else if class == NON_WORD {
        BONUS_NON_WORD as u8
    } else {
        0
    }
}

/// The class of each byte (ASCII only is ever looked up).
static CLASS: [u8; 128] = {
    let mut t = [0; 128];
    let mut c = 0;
    while c < 128 {
        t[c] = class_of(c as u8);
        c += 1;
    }
    t
};

/// The bonus of a char of class `c` after one of class `p`, at `[p * 8 + c]`.
static BONUS: [u8; 64] = {
    let mut t = [0; 64];
    let mut p = 0;
    while p < 8 {
        let mut c = 0;
        while c < 8 {
            t[p * 8 + c] = bonus_of(p as u8, c as u8);
            c += 1;
        }
        p += 1;
    }
    t
};

/// A cell of the matrix (nucleo-matcher's also notes whether its char
/// matched right after the one before, which only the matched places need;
/// a score is all this module gives).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Cell {
    score: u16,
    consecutive_bonus: u8,
}

/// No match ends there (every match scores at least `SCORE_MATCH`).
const UNMATCHED: Cell = Cell {
    score: 0,
    consecutive_bonus: 0,
};

/// The buffers one thread reuses.
#[derive(Default)]
struct Scratch {
    /// The needle's chars' places in the greedy match (window columns).
    rows: Vec<u16>,
    /// A row of cells (column, cell) and the next one.
    row: Vec<(u16, Cell)>,
    next: Vec<(u16, Cell)>,
}

/// What [`fuzzy`] found: the score (`None`: no match), or that the case is
/// one it leaves to nucleo-matcher.
#[derive(Debug, PartialEq, Eq)]
enum Fast {
    Score(Option<u16>),
    Slow,
}

#[inline(always)]
fn next_m_cell(p_score: u16, bonus: u16, m_cell: Cell) -> Cell {
    if m_cell == UNMATCHED {
        return Cell {
            score: p_score + bonus + SCORE_MATCH,
            consecutive_bonus: bonus as u8,
        };
    }
    let mut consecutive_bonus = (m_cell.consecutive_bonus as u16).max(BONUS_CONSECUTIVE);
    if bonus >= BONUS_BOUNDARY && bonus > consecutive_bonus {
        consecutive_bonus = bonus;
    }
    let score_match = m_cell.score + consecutive_bonus.max(bonus);
    let score_skip = p_score + bonus;
    if score_match > score_skip {
        Cell {
            score: score_match + SCORE_MATCH,
            consecutive_bonus: consecutive_bonus as u8,
        }
    } else {
        Cell {
            score: score_skip + SCORE_MATCH,
            consecutive_bonus: bonus as u8,
        }
    }
}

/// The fuzzy score of `needle` (two or more ASCII chars, none a capital) in
/// the ASCII `haystack`.
fn fuzzy(haystack: &[u8], needle: &[u8], s: &mut Scratch) -> Fast {
    let m = needle.len();
    debug_assert!(m >= 2);
    if m >= haystack.len() {
        return Fast::Slow;
    }
    // where the needle's first char is, and its chars one after another
    let Some(start) = find(haystack, 0, haystack.len() - m + 1, needle[0]) else {
        return Fast::Score(None);
    };
    if m == 2 && haystack.len() - start <= 1024 {
        // [`pair`] from the first place of `a` to the text's end: a place of
        // `a` after the last `b` adds no score, so the window's end (the
        // last `b`, found by a scan of its own) is not needed, nor whether a
        // `b` follows (no score then): "in" over 100,000 titles on one
        // core, 3.8 -> 2.7 ms, the same scores
        let best = pair(haystack, start, haystack.len(), needle[0], needle[1]);
        return Fast::Score((best > 0).then_some(best));
    }
    s.rows.clear();
    s.rows.push(0);
    let mut greedy_end = start + 1;
    for &n in &needle[1..] {
        let Some(at) = find(haystack, greedy_end, haystack.len(), n) else {
            return Fast::Score(None);
        };
        s.rows.push((at - start) as u16);
        greedy_end = at + 1;
    }
    let last = needle[m - 1];
    let end = rfind(haystack, greedy_end, haystack.len(), last).map_or(greedy_end, |i| i + 1);
    let len = end - start;
    if len > 1024 || len * m > 64 * 1024 {
        return Fast::Slow;
    }
    let window = &haystack[start..end];
    let prev = class_before(haystack, start);
    if len == m {
        return Fast::Score(Some(consecutive(window, prev)));
    }
    if m == 2 {
        return Fast::Score(Some(pair(haystack, start, end, needle[0], needle[1])));
    }
    let Scratch { rows, row, next } = s;
    Fast::Score(Some(rows_of_places(
        haystack, start, end, needle, rows, row, next,
    )))
}

/// The class of the char before place `t` of `haystack` (the start counts
/// as whitespace, nucleo-matcher's default).
#[inline(always)]
fn class_before(haystack: &[u8], t: usize) -> u8 {
    t.checked_sub(1)
        .map_or(WHITESPACE, |p| CLASS[haystack[p] as usize])
}

/// The bonus of a match at place `t` of `haystack`.
#[inline(always)]
fn bonus_at(haystack: &[u8], t: usize) -> u16 {
    let class = CLASS[haystack[t] as usize];
    u16::from(BONUS[(class_before(haystack, t) * 8 + class) as usize])
}

/// The most a needle of two chars can score: the first char after a space
/// (twice the bonus), the second right after it with that bonus carried.
const PAIR_MAX: u16 = SCORE_MATCH
    + BONUS_BOUNDARY_WHITE * BONUS_FIRST_CHAR_MULTIPLIER
    + SCORE_MATCH
    + BONUS_BOUNDARY_WHITE;

/// [`fuzzy`]'s work for a needle of two chars `a` and `b` in
/// `haystack[start..end]` (from the first `a` to the last `b`, or on past
/// it): the same number as the two rows of nucleo-matcher's matrix (0 when
/// no `b` follows an `a`), made from the places
/// of `a` and `b` only, found sixteen bytes at a time. The gap score before a
/// column (`p_score` carried along the row) is, unrolled, the best of
/// `m + k` over the earlier places `k` of `a` (the first row's score `m`
/// there), less the column and 2, or 0; so the best of `m + k` so far is
/// all the row needs. ([`rows_of_places`] gives the same number for two
/// chars; this one pass over both is about a fifth faster on titles.)
fn pair(haystack: &[u8], start: usize, end: usize, a: u8, b: u8) -> u16 {
    let mut best = 0;
    // the best `m + k` of the places of `a` before the latest one
    let mut older = i32::MIN;
    // the latest place of `a`: (window column, m + k, m, bonus)
    let mut latest: Option<(usize, i32, u16, u8)> = None;
    let mut at = |t: usize| {
        let c = haystack[t].to_ascii_lowercase();
        let w = t - start;
        if c == b && w > 0 {
            let mut gap_from = older;
            let mut right_after = None;
            if let Some((k, value, m, bonus)) = latest {
                if k + 1 == w {
                    right_after = Some(Cell {
                        score: m,
                        consecutive_bonus: bonus,
                    });
                } else {
                    gap_from = gap_from.max(value);
                }
            }
            let p = (gap_from.saturating_sub(w as i32 + 1)).max(0) as u16;
            let bonus = bonus_at(haystack, t);
            let score = match right_after {
                Some(cell) => next_m_cell(p, bonus, cell).score,
                None => p + bonus + SCORE_MATCH,
            };
            best = best.max(score);
        }
        if c == a {
            if let Some((_, value, _, _)) = latest {
                older = older.max(value);
            }
            let bonus = bonus_at(haystack, t);
            let m = bonus * BONUS_FIRST_CHAR_MULTIPLIER + SCORE_MATCH;
            latest = Some((w, m as i32 + w as i32, m, bonus as u8));
        }
        best == PAIR_MAX
    };
    let mut from = start;
    while from < end {
        let mut found = block(haystack, from, end, a, b);
        while found != 0 {
            if at(from + found.trailing_zeros() as usize) {
                return PAIR_MAX;
            }
            found &= found - 1;
        }
        from += 16;
    }
    best
}

/// [`fuzzy`]'s work for a needle of three chars or more, in
/// `haystack[start..end]` (from the first place of its first char to the
/// last place of its last): the same number as nucleo-matcher's matrix, made
/// from the places of each needle char only (found sixteen bytes at a time),
/// as [`pair`] does for two. Row `k` holds a cell for each place of
/// `needle[k]` from its place in the greedy match on (`greedy`, window
/// columns; earlier places have no match of the chars before it): that
/// char matched right after the row before's cell (the consecutive case),
/// or after a gap, whose score is, unrolled from the matrix, the best of
/// `score + column` over the row before's cells two columns back or more,
/// less the column and 1, or 0.
fn rows_of_places(
    haystack: &[u8],
    start: usize,
    end: usize,
    needle: &[u8],
    greedy: &[u16],
    row: &mut Vec<(u16, Cell)>,
    next: &mut Vec<(u16, Cell)>,
) -> u16 {
    row.clear();
    places(haystack, start, end, needle[0], 0, |w| {
        let bonus = bonus_at(haystack, start + w);
        row.push((
            w as u16,
            Cell {
                score: bonus * BONUS_FIRST_CHAR_MULTIPLIER + SCORE_MATCH,
                consecutive_bonus: bonus as u8,
            },
        ));
    });
    for k in 1..needle.len() {
        next.clear();
        // the row before's cells two columns back or more, and its best
        // `score + column` there
        let mut behind = 0;
        let mut gap_from = i32::MIN;
        places(haystack, start, end, needle[k], greedy[k] as usize, |w| {
            while let Some(&(l, cell)) = row.get(behind) {
                if l as usize + 2 > w {
                    break;
                }
                gap_from = gap_from.max(i32::from(cell.score) + i32::from(l));
                behind += 1;
            }
            let diagonal = match row.get(behind) {
                Some(&(l, cell)) if l as usize + 1 == w => cell,
                _ => UNMATCHED,
            };
            let p = gap_from.saturating_sub(w as i32 + 1).max(0) as u16;
            let bonus = bonus_at(haystack, start + w);
            next.push((w as u16, next_m_cell(p, bonus, diagonal)));
        });
        std::mem::swap(row, next);
    }
    row.iter().map(|(_, c)| c.score).max().unwrap_or(0)
}

/// Calls `f` with each place of `c` (no capital) in the window
/// `haystack[start..end]` (ASCII) from its column `from` on, in order, case
/// ignored, as window columns.
#[inline(always)]
fn places(haystack: &[u8], start: usize, end: usize, c: u8, from: usize, mut f: impl FnMut(usize)) {
    let mut at = start + from;
    while at < end {
        let mut found = block(haystack, at, end, c, c);
        while found != 0 {
            f(at - start + found.trailing_zeros() as usize);
            found &= found - 1;
        }
        at += 16;
    }
}

/// The score of a needle that is the whole `window`, char for char (its
/// chars one after another at the first place of its first char, and its
/// last char nowhere after): nucleo-matcher's `calculate_score` for a match
/// without gaps. `prev` is the class of the char before the window.
fn consecutive(window: &[u8], prev: u8) -> u16 {
    let class = CLASS[window[0] as usize];
    let mut first_bonus = BONUS[(prev * 8 + class) as usize] as u16;
    let mut score = SCORE_MATCH + first_bonus * BONUS_FIRST_CHAR_MULTIPLIER;
    let mut prev = class;
    for &c in &window[1..] {
        let class = CLASS[c as usize];
        let mut bonus = BONUS[(prev * 8 + class) as usize] as u16;
        if bonus >= BONUS_BOUNDARY && bonus > first_bonus {
            first_bonus = bonus;
        }
        bonus = bonus.max(first_bonus).max(BONUS_CONSECUTIVE);
        score += SCORE_MATCH + bonus;
        prev = class;
    }
    score
}

/// The score of a needle of one char `c` (no capital) in the ASCII
/// `haystack`, as nucleo-matcher's `substring_match_1_ascii` makes it: the
/// best bonus of its places. `Slow` for a text of one char.
fn single(haystack: &[u8], c: u8) -> Fast {
    if haystack.len() <= 1 {
        return Fast::Slow;
    }
    let mut best = 0;
    let mut at = 0;
    while at < haystack.len() {
        let mut found = block(haystack, at, haystack.len(), c, c);
        while found != 0 {
            let i = at + found.trailing_zeros() as usize;
            found &= found - 1;
            let bonus = bonus_at(haystack, i);
            let score = bonus * BONUS_FIRST_CHAR_MULTIPLIER + SCORE_MATCH;
            if score > best {
                best = score;
                if bonus >= BONUS_BOUNDARY_WHITE {
                    return Fast::Score(Some(best));
                }
            }
        }
        at += 16;
    }
    Fast::Score((best > 0).then_some(best))
}

/// The places of `a` or `b` (ASCII, no capitals; a capital counts as its
/// small letter) among the 16 bytes of `text` from `at` on (fewer at its
/// end), as bits: bit `i` for place `at + i`. Sixteen bytes a step, by
/// SSE2 (every x86-64 CPU has it).
#[inline(always)]
fn block(text: &[u8], at: usize, to: usize, a: u8, b: u8) -> u32 {
    let found = sixteen(text, at, a, b);
    match to - at {
        n if n < 16 => found & ((1 << n) - 1),
        _ => found,
    }
}

/// [`block`]'s bits without the bound `to`: for places up to the text's end.
#[inline(always)]
fn sixteen(text: &[u8], at: usize, a: u8, b: u8) -> u32 {
    #[cfg(target_arch = "x86_64")]
    // safety: SSE2 is part of x86-64; each load reads 16 bytes of `text`
    // or of a buffer of 16
    unsafe {
        use std::arch::x86_64::*;
        let (bytes, skip) = if at + 16 <= text.len() {
            (_mm_loadu_si128(text.as_ptr().add(at).cast()), 0)
        } else if text.len() >= 16 {
            // the text's last 16 bytes, less those before `at`
            let last = text.len() - 16;
            (_mm_loadu_si128(text.as_ptr().add(last).cast()), at - last)
        } else {
            // 0x80 is no ASCII char, folded or not
            let mut short = [0x80u8; 16];
            short[..text.len() - at].copy_from_slice(&text[at..]);
            (_mm_loadu_si128(short.as_ptr().cast()), 0)
        };
        let small = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
        let eq = |c: u8| {
            // `| 0x20` makes a capital small and no other ASCII byte a small letter
            let folded = if c.is_ascii_lowercase() { small } else { bytes };
            _mm_cmpeq_epi8(folded, _mm_set1_epi8(c as i8))
        };
        (_mm_movemask_epi8(_mm_or_si128(eq(a), eq(b))) as u32) >> skip
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let mut found = 0;
        for (i, &x) in text[at..].iter().take(16).enumerate() {
            let x = x.to_ascii_lowercase();
            if x == a || x == b {
                found |= 1 << i;
            }
        }
        found
    }
}

/// The first place of `c` (no capital) in `text[from..to]` (ASCII), case
/// ignored.
#[inline]
fn find(text: &[u8], from: usize, to: usize, c: u8) -> Option<usize> {
    let mut at = from;
    while at < to {
        let found = block(text, at, to, c, c);
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize);
        }
        at += 16;
    }
    None
}

/// The last place of `c` (no capital) in `text[from..to]` (ASCII), case
/// ignored.
#[inline]
fn rfind(text: &[u8], from: usize, to: usize, c: u8) -> Option<usize> {
    let mut last = None;
    let mut at = from;
    while at < to {
        let found = block(text, at, to, c, c);
        if found != 0 {
            last = Some(at + 31 - found.leading_zeros() as usize);
        }
        at += 16;
    }
    last
}

/// The bit of a char in a text's [`mask`] (a capital counts as its small
/// letter; other chars share bits, so a mask can only rule a text out).
#[inline(always)]
fn bit(c: u8) -> u64 {
    let c = c.to_ascii_lowercase();
    1 << match c {
        b'a'..=b'z' => (c - b'a') as u32,
        b'0'..=b'9' => 26 + (c - b'0') as u32,
        _ => 36 + c as u32 % 28,
    }
}

/// The chars an ASCII text has, as bits (all bits for any other text, which
/// nothing is ruled out of).
pub fn mask(text: &[u8]) -> u64 {
    text.iter().fold(0, |m, &c| m | bit(c))
}

/// A pattern's atoms as this module scores them: each needle's bytes, and
/// the chars a text must have for all of them to match.
#[derive(Debug, Clone)]
pub struct Needles {
    needles: Vec<Vec<u8>>,
    /// The [`mask`] bits every needle's chars set.
    pub mask: u64,
}

impl Needles {
    /// The needles of `atoms`, when every atom is a fuzzy match of ASCII
    /// chars without capitals that ignores case (`ignore_case`) and the
    /// matcher has the default config; `None` otherwise (nucleo-matcher
    /// scores those).
    pub fn new(
        atoms: &[nucleo_matcher::pattern::Atom],
        ignore_case: bool,
        config: &nucleo_matcher::Config,
    ) -> Option<Self> {
        let mut default = nucleo_matcher::Config::DEFAULT;
        default.ignore_case = config.ignore_case;
        default.normalize = config.normalize;
        if !ignore_case || *config != default || atoms.is_empty() {
            return None;
        }
        let mut needles = Vec::with_capacity(atoms.len());
        for atom in atoms {
            if atom.negative || atom.kind != nucleo_matcher::pattern::AtomKind::Fuzzy {
                return None;
            }
            let nucleo_matcher::Utf32Str::Ascii(needle) = atom.needle_text() else {
                return None;
            };
            if needle.is_empty() || needle.iter().any(u8::is_ascii_uppercase) {
                return None;
            }
            needles.push(needle.to_vec());
        }
        let mask = needles.iter().fold(0, |m, n| m | mask(n));
        Some(Self { needles, mask })
    }

    /// The pattern's score in `text` (the sum of its atoms'), when this
    /// module can make it: `None` inside for no match, `None` outside for a
    /// text it leaves to nucleo-matcher (not ASCII, or a case it does not
    /// take). `text_mask` is the text's [`mask`].
    pub fn score(&self, text: nucleo_matcher::Utf32Str<'_>, text_mask: u64) -> Option<Option<u32>> {
        let nucleo_matcher::Utf32Str::Ascii(text) = text else {
            return None;
        };
        if self.mask & !text_mask != 0 {
            return Some(None);
        }
        SCRATCH.with(|s| {
            let s = &mut *s.borrow_mut();
            let mut total = 0;
            for needle in &self.needles {
                let found = if needle.len() == 1 {
                    single(text, needle[0])
                } else {
                    fuzzy(text, needle, s)
                };
                match found {
                    Fast::Score(Some(score)) => total += u32::from(score),
                    Fast::Score(None) => return Some(None),
                    Fast::Slow => return None,
                }
            }
            Some(Some(total))
        })
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}
