//! promptcrafter's fork: the matches' order (score high to low, then the
//! shorter text, then the older item) by a stable radix sort of byte digits,
//! least significant first, skipping the digits all matches share. It took
//! the place of the parallel quicksort: over 100,000 matches of a one-char
//! filter, with few distinct scores, nearly every comparison went on to the
//! tie-breakers, and the sort took 3 ms on two threads (more than scoring).
//! Matches in item order whose scores and lengths take few bits together
//! (every short filter's) are sorted in one counting pass on a key of both.
//! Its memory is kept from sort to sort: a trace of promptcrafter's filter
//! over 100,000 prompts showed 0.5 ms between the end of the last pass and
//! the sort's return, the free of its key counts (glibc trims a thread's
//! heap when a free leaves enough at its top, and the next allocation
//! faults the pages in again).

use crate::Match;

/// The key bytes of a match, least significant first: the index, the
/// length, and the score turned around (a higher score first).
#[inline(always)]
fn digit(m: &Match, d: usize) -> u8 {
    let word = match d / 4 {
        0 => m.idx,
        1 => m.len,
        _ => !m.score,
    };
    (word >> (8 * (d % 4))) as u8
}

/// The sort's memory: a second place for the matches and the key counts.
#[derive(Default)]
pub(crate) struct Sorting {
    buf: Vec<Match>,
    counts: Vec<u32>,
}

impl Sorting {
    /// Puts `matches` (none of them unmatched) in `sorted`, in order; the
    /// matches stay as they are, for the next rescoring, which reads the
    /// texts in item order (see `Worker::order_by_index`). Returns whether
    /// they are in item order.
    pub(crate) fn sort(&mut self, matches: &[Match], sorted: &mut Vec<Match>) -> bool {
        sorted.clear();
        let Some(first) = matches.first().copied() else {
            return true;
        };
        // which bytes differ between matches: only those need a pass; and
        // the index needs none when the matches are in index order already
        // (as they are after a rescoring, an empty filter or for new items)
        let (mut idx, mut len, mut score) = (0, 0, 0);
        let (mut low, mut high) = ((first.score, first.len), (first.score, first.len));
        let mut in_order = true;
        let mut last = None;
        for m in matches {
            idx |= m.idx ^ first.idx;
            len |= m.len ^ first.len;
            score |= m.score ^ first.score;
            low = (low.0.min(m.score), low.1.min(m.len));
            high = (high.0.max(m.score), high.1.max(m.len));
            in_order &= last.is_none_or(|l| l < m.idx);
            last = Some(m.idx);
        }
        if in_order {
            // the scores and lengths there are, as one key of few bits: one
            // counting pass in place of a pass per byte
            let len_bits = bits(high.1 - low.1);
            let score_bits = bits(high.0 - low.0);
            if len_bits + score_bits <= KEY_BITS {
                // every place is written by the pass
                sorted.resize(matches.len(), first);
                let key = |m: &Match| ((high.0 - m.score) << len_bits | (m.len - low.1)) as usize;
                counting_pass(
                    matches,
                    sorted,
                    &mut self.counts,
                    1 << (len_bits + score_bits),
                    key,
                );
                return true;
            }
            idx = 0;
        }
        sorted.extend_from_slice(matches);
        self.buf.truncate(matches.len());
        self.buf.resize(matches.len(), first);
        let differ = [idx, len, score];
        for d in 0..12 {
            if (differ[d / 4] >> (8 * (d % 4))) as u8 == 0 {
                continue;
            }
            counting_pass(sorted, &mut self.buf, &mut self.counts, 256, |m| {
                digit(m, d) as usize
            });
            std::mem::swap(sorted, &mut self.buf);
        }
        in_order
    }
}

/// The most bits a key of [`Sorting::sort`]' one pass may have.
const KEY_BITS: u32 = 14;

/// How many bits `n` takes.
fn bits(n: u32) -> u32 {
    u32::BITS - n.leading_zeros()
}

/// One stable counting pass by `key` (below `keys`): `from` in key order,
/// into `to` (as long).
fn counting_pass(
    from: &[Match],
    to: &mut [Match],
    counts: &mut Vec<u32>,
    keys: usize,
    key: impl Fn(&Match) -> usize,
) {
    counts.clear();
    counts.resize(keys, 0);
    for m in from {
        counts[key(m)] += 1;
    }
    let mut at = 0;
    for c in counts.iter_mut() {
        let n = *c;
        *c = at;
        at += n;
    }
    for m in from {
        let slot = &mut counts[key(m)];
        to[*slot as usize] = *m;
        *slot += 1;
    }
}
