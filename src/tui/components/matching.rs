//! The prompt filter's matching, off the key path: nucleo's worker threads
//! match the prompts' texts against the filter while the loop goes on; a
//! key only hands the pattern over. When a match run ends, the worker wakes
//! the loop with one [`Message::Matched`] (never more than one waiting), and
//! the list takes the latest results; nothing polls.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use nucleo::pattern::{CaseMatching, Normalization};
use nucleo::{Config, Nucleo, Status};
use tokio::sync::mpsc::UnboundedSender;

use crate::tui::message::Message;

/// Where the worker's "results ready" goes: the loop's channel once the
/// loop runs, and whether a wake-up already waits there.
#[derive(Default)]
struct Waker {
    tx: Mutex<Option<UnboundedSender<Message>>>,
    pending: AtomicBool,
}

impl Waker {
    fn wake(&self) {
        if self.pending.swap(true, Ordering::AcqRel) {
            return;
        }
        let tx = self.tx.lock().unwrap_or_else(PoisonError::into_inner);
        match tx.as_ref() {
            Some(tx) if tx.send(Message::Matched).is_ok() => {}
            // No loop to wake (yet): the next `tick` takes the results.
            _ => self.pending.store(false, Ordering::Release),
        }
    }
}

/// Items a list may hold before the matcher starts without a filter: a
/// short list (the samples, a first page) never starts its threads unless
/// the user filters it.
const LAZY_ITEMS: usize = 1000;

/// The matcher of one prompt list: each item is a prompt's index, matched
/// on its row text. nucleo (and its two threads) starts when a filter is
/// first set or the list grows past [`LAZY_ITEMS`]; until then the texts
/// wait here, so start-up pays for no threads it may never use.
pub struct Matching {
    nucleo: Option<Nucleo<u32>>,
    /// The texts of a list not matched yet (the matcher has them once it runs).
    waiting: Vec<String>,
    waker: Arc<Waker>,
    /// How many items were handed to the matcher.
    items: usize,
    /// The filter last handed over.
    pattern: String,
}

impl fmt::Debug for Matching {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matching")
            .field("items", &self.items)
            .field("started", &self.nucleo.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for Matching {
    fn default() -> Self {
        Self {
            nucleo: None,
            waiting: Vec::new(),
            waker: Arc::new(Waker::default()),
            items: 0,
            pattern: String::new(),
        }
    }
}

impl Matching {
    /// Sends "results ready" to `tx` from now on.
    pub fn wake_with(&mut self, tx: UnboundedSender<Message>) {
        *self.waker.tx.lock().unwrap_or_else(PoisonError::into_inner) = Some(tx);
    }

    /// Replaces the items with `texts` (the item is its position).
    pub fn set_items(&mut self, texts: impl Iterator<Item = String>) {
        self.waiting.clear();
        self.items = 0;
        if let Some(nucleo) = &mut self.nucleo {
            nucleo.restart(true);
        }
        self.add_items(texts);
    }

    /// Adds `texts` after the items there (each item is its position).
    pub fn add_items(&mut self, texts: impl Iterator<Item = String>) {
        match &self.nucleo {
            Some(nucleo) => {
                let injector = nucleo.injector();
                for text in texts {
                    let index = u32::try_from(self.items).unwrap_or(u32::MAX);
                    let at = injector.push(index, |_, cols| cols[0] = text.into());
                    debug_assert_eq!(at, index, "an item's index is its position");
                    self.items += 1;
                }
            }
            None => {
                let before = self.waiting.len();
                self.waiting.extend(texts);
                self.items += self.waiting.len() - before;
                if self.items > LAZY_ITEMS {
                    self.start();
                }
            }
        }
    }

    /// Starts nucleo's threads and hands them the texts waiting.
    fn start(&mut self) {
        if self.nucleo.is_some() {
            return;
        }
        let notify = {
            let waker = Arc::clone(&self.waker);
            Arc::new(move || waker.wake())
        };
        let nucleo = Nucleo::new(Config::DEFAULT, notify, None, 1);
        let injector = nucleo.injector();
        for (i, text) in std::mem::take(&mut self.waiting).into_iter().enumerate() {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            injector.push(index, |_, cols| cols[0] = text.into());
        }
        self.nucleo = Some(nucleo);
    }

    /// Hands the matcher a new filter; matching starts at the next
    /// [`Self::tick`], and a [`Message::Matched`] follows when the results
    /// are ready. A filter that only adds characters after the last one
    /// (typing on) rescores only the items that matched before, not every
    /// item.
    /// Returns whether the filter changed.
    pub fn set_pattern(&mut self, filter: &str) -> bool {
        if filter == self.pattern {
            return false;
        }
        self.start();
        let append = filter.starts_with(self.pattern.as_str()) && !self.pattern.ends_with('\\');
        if let Some(nucleo) = &mut self.nucleo {
            nucleo.pattern.reparse(
                0,
                filter,
                CaseMatching::Ignore,
                Normalization::Smart,
                append,
            );
        }
        filter.clone_into(&mut self.pattern);
        true
    }

    /// Takes the latest results without waiting; returns whether they are
    /// new (a run ended since the last tick) and whether matching is still
    /// running (a [`Message::Matched`] follows when it ends).
    pub fn tick(&mut self) -> Status {
        self.waker.pending.store(false, Ordering::Release);
        self.nucleo.as_mut().map_or(
            Status {
                changed: false,
                running: false,
            },
            |n| n.tick(0),
        )
    }

    /// Waits until matching ends (tests, and callers that must see the
    /// final results now).
    pub fn settle(&mut self) {
        self.waker.pending.store(false, Ordering::Release);
        if let Some(nucleo) = &mut self.nucleo {
            while nucleo.tick(10).running {}
        }
    }

    /// The matching items (prompt indices), best first, of the latest
    /// results taken (none before the matcher starts). An item's index in
    /// nucleo is its position, as the items are pushed one after another
    /// from this thread, so the matches give the prompt indices without a
    /// look-up of each item (which cost the loop a cache miss per match:
    /// perf, 100,000 prompts).
    pub fn matched(&self) -> impl Iterator<Item = usize> + '_ {
        self.nucleo
            .iter()
            .flat_map(|nucleo| nucleo.snapshot().matches().iter().map(|m| m.idx as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(n: usize) -> impl Iterator<Item = String> {
        (0..n).map(|i| format!("prompt {i:04}"))
    }

    #[test]
    fn a_short_list_starts_no_threads_until_filtered() {
        let mut m = Matching::default();
        m.set_items(texts(3));
        m.add_items(texts(2));
        assert!(m.nucleo.is_none());
        assert!(!m.tick().running);
        assert_eq!(m.matched().count(), 0);
        m.set_pattern("");
        assert!(m.nucleo.is_none(), "an empty filter needs no matcher");
        m.set_pattern("0002");
        assert!(m.nucleo.is_some());
        m.settle();
        // Only item 2 is "prompt 0002"; the three added make item 7 another.
        assert_eq!(m.matched().collect::<Vec<_>>(), [2]);
        m.add_items(texts(3));
        m.settle();
        let mut found: Vec<usize> = m.matched().collect();
        found.sort_unstable();
        assert_eq!(found, [2, 7]);
    }

    /// Equal scores go shorter text first, then the older item (our nucleo
    /// fork keeps each text's length in its match for this).
    #[test]
    fn ties_go_to_the_shorter_text_then_the_older() {
        let mut m = Matching::default();
        m.set_items(
            ["xa 1", "xa 22", "xa", "xa 3"]
                .into_iter()
                .map(String::from),
        );
        m.set_pattern("xa");
        m.settle();
        assert_eq!(m.matched().collect::<Vec<_>>(), [2, 0, 3, 1]);
    }

    mod fast_ascii {
        use nucleo::ascii::{Needles, mask};
        use nucleo::pattern::{Atom, AtomKind, CaseMatching, Normalization};
        use nucleo::{Config, Matcher, Utf32Str};

        /// nucleo-matcher's score, and our fork's faster one when it takes
        /// the case.
        fn both(text: &str, needle: &str) -> (Option<u32>, Option<Option<u32>>) {
            let atom = Atom::new(
                needle,
                CaseMatching::Ignore,
                Normalization::Smart,
                AtomKind::Fuzzy,
                false,
            );
            let mut matcher = Matcher::new(Config::DEFAULT);
            let bytes = text.as_bytes();
            let text = Utf32Str::Ascii(bytes);
            let want = atom.score(text, &mut matcher).map(u32::from);
            let fast = Needles::new(std::slice::from_ref(&atom), true, &matcher.config)
                .and_then(|n| n.score(text, mask(bytes)));
            (want, fast)
        }

        proptest::proptest! {
            #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
            /// The same score as nucleo-matcher wherever the fork scores a
            /// text itself: letters of both cases, digits, spaces,
            /// delimiters and other punctuation (each has its own bonus).
            #[test]
            fn the_fast_score_is_nucleo_matchers(
                text in "[aAbBcCzZ19 /_.:#-]{0,80}",
                needle in "[abcz19 /_.:#-]{1,5}",
            ) {
                let (want, fast) = both(&text, &needle);
                if let Some(got) = fast {
                    proptest::prop_assert_eq!(got, want);
                }
            }
        }

        /// Titles as the prompt list matches them: the fork scores them
        /// itself, and as nucleo-matcher does.
        #[test]
        fn titles_are_scored_fast_and_the_same() {
            let titles = [
                "invoice ticket refund prompt 000123    gpt-4o  #invoice #set3",
                "Support ticket triage    claude-3-5-sonnet  #support",
                "ExtractInvoiceFields v2: totals/dates    gpt-4o-mini",
                "x",
            ];
            for title in titles {
                for needle in [
                    "i", "in", "inv", "invo", "tri", "2", "s0", "zz", "#set", "ef",
                ] {
                    let (want, fast) = both(title, needle);
                    if title.len() > needle.len() {
                        assert_eq!(fast, Some(want), "{needle:?} in {title:?}");
                    }
                }
            }
        }
    }

    /// Texts of words in a few shapes: ASCII ones the fork scores itself
    /// (from its copy of the texts), some with capitals, and some with a
    /// non-ASCII char that nucleo-matcher scores.
    fn varied_texts(n: usize) -> Vec<String> {
        let words = [
            "invoice",
            "Ticket",
            "refund",
            "triage",
            "in-vo",
            "naive",
            "caf\u{e9}",
            "v2",
            "#set",
            "INV",
            "o/n",
            "review",
        ];
        let mut seed = 11u64;
        let mut next = move |k: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap_or(0) % k
        };
        (0..n)
            .map(|i| {
                let mut text: Vec<&str> =
                    (0..1 + next(5)).map(|_| words[next(words.len())]).collect();
                let number = format!("{i}");
                text.push(&number);
                text.join(" ")
            })
            .collect()
    }

    /// What the matcher must give for `filter`: nucleo-matcher's score of
    /// each text, best first, then the shorter text, then the older (and
    /// every item in order for no filter).
    fn expected(texts: &[String], filter: &str) -> Vec<usize> {
        use nucleo::pattern::Pattern;
        if filter.is_empty() {
            // no filter: every item, in order
            return (0..texts.len()).collect();
        }
        let pattern = Pattern::parse(filter, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = nucleo::Matcher::new(Config::DEFAULT);
        let mut found: Vec<(u32, usize, usize)> = texts
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let text = nucleo::Utf32String::from(t.as_str());
                let score = pattern.score(text.slice(..), &mut matcher)?;
                Some((score, text.len(), i))
            })
            .collect();
        found.sort_by_key(|&(score, len, i)| (std::cmp::Reverse(score), len, i));
        found.into_iter().map(|(_, _, i)| i).collect()
    }

    /// Typing a filter on, erasing back, another filter, prompts added on
    /// the way: each time the results are nucleo-matcher's, in its order
    /// (the fork's own scorer, its rescoring of the matches before, the
    /// results kept for erasing back and its sort all stand behind these).
    #[test]
    fn results_are_nucleo_matchers_in_order_while_typing() {
        let mut texts = varied_texts(3000);
        let mut m = Matching::default();
        m.set_items(texts.iter().cloned());
        for filter in [
            "i", "in", "inv", "invo", "inv", "in", "i", "", "n", "na", "caf", "ca",
        ] {
            assert_eq!(
                results(&mut m, filter),
                expected(&texts, filter),
                "{filter:?}"
            );
        }
        let more = varied_texts(500);
        m.add_items(more.iter().cloned());
        texts.extend(more);
        for filter in ["c", "v2", "v", "t !v2", "Tic", "in ^re", ""] {
            assert_eq!(
                results(&mut m, filter),
                expected(&texts, filter),
                "{filter:?}"
            );
        }
    }

    /// A run started for a new filter always ends with a wake-up of the
    /// loop, whether or not the tick that started it saw it end (the list
    /// draws on the wake-up; our nucleo fork notifies for those runs too).
    #[test]
    fn a_new_filters_run_always_wakes_the_loop() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut m = Matching::default();
        m.wake_with(tx);
        m.set_items(texts(LAZY_ITEMS * 3));
        for filter in ["1", "12", "1", "9", ""] {
            while rx.try_recv().is_ok() {}
            assert!(m.set_pattern(filter));
            m.tick();
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
            loop {
                match rx.try_recv() {
                    Ok(Message::Matched) => break,
                    Ok(_) => {}
                    Err(_) if std::time::Instant::now() < deadline => std::thread::yield_now(),
                    Err(e) => panic!("no wake-up after {filter:?}: {e}"),
                }
            }
        }
    }

    /// A run's wake-up comes when its results can be taken: a tick made on
    /// the wake-up finds them. Upstream nucleo woke the caller while the run
    /// still held the worker, and a tick made before the run let go found
    /// it locked and got no further wake-up (the list kept the filter
    /// before's results until the next key). Here the wake-up waits until
    /// the caller has ticked, which makes that order certain.
    #[test]
    fn a_tick_on_a_runs_wake_up_finds_its_results() {
        use std::sync::mpsc;
        use std::time::Duration;
        let (woke_tx, woke) = mpsc::channel::<()>();
        let (ticked, ticked_rx) = mpsc::channel::<()>();
        let armed = Arc::new(AtomicBool::new(false));
        let notify = {
            let (woke_tx, ticked_rx, armed) = (
                Mutex::new(woke_tx),
                Mutex::new(ticked_rx),
                Arc::clone(&armed),
            );
            Arc::new(move || {
                if armed.load(Ordering::Acquire) {
                    let _ = woke_tx.lock().unwrap().send(());
                    let _ = ticked_rx
                        .lock()
                        .unwrap()
                        .recv_timeout(Duration::from_secs(5));
                }
            })
        };
        let mut nucleo: Nucleo<u32> = Nucleo::new(Config::DEFAULT, notify, Some(2), 1);
        let injector = nucleo.injector();
        for (i, text) in texts(LAZY_ITEMS * 20).enumerate() {
            injector.push(i as u32, |_, cols| cols[0] = text.into());
        }
        while nucleo.tick(10).running {}
        armed.store(true, Ordering::Release);
        for (round, filter) in ["1", "12", "1", "9", "98"].iter().enumerate() {
            let append = round % 3 != 2;
            nucleo.pattern.reparse(
                0,
                filter,
                CaseMatching::Ignore,
                Normalization::Smart,
                append,
            );
            let mut status = nucleo.tick(0);
            while !status.changed {
                assert!(
                    woke.recv_timeout(Duration::from_secs(20)).is_ok(),
                    "no results for {filter:?} after its run's wake-up"
                );
                status = nucleo.tick(0);
                let _ = ticked.send(());
            }
            let _ = ticked.send(());
            while woke.try_recv().is_ok() {}
        }
    }

    /// The CPUs a thread may run on, from its `status` in /proc.
    #[cfg(target_os = "linux")]
    fn cpus_allowed(status: &str) -> Vec<usize> {
        let list = status
            .lines()
            .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
            .unwrap_or_default();
        list.trim()
            .split(',')
            .filter(|part| !part.is_empty())
            .flat_map(|part| {
                let (from, to) = part.split_once('-').unwrap_or((part, part));
                from.parse().unwrap_or(0)..=to.parse().unwrap_or(0)
            })
            .collect()
    }

    /// The scheduling policy of a thread, from its `stat` in /proc (field
    /// 41; `SCHED_BATCH` is 3).
    #[cfg(target_os = "linux")]
    fn policy(stat: &str) -> Option<u32> {
        let after_name = &stat[stat.rfind(')')? + 1..];
        after_name.split_whitespace().nth(38)?.parse().ok()
    }

    /// Each matcher thread runs on a CPU of its own (our nucleo fork puts
    /// thread i on the i-th CPU the process may use), so the scheduler
    /// cannot stack them on one CPU while another idles (with one CPU
    /// there is nothing to choose), and is a batch thread, whose wake-up
    /// never preempts the loop's thread.
    #[cfg(target_os = "linux")]
    #[test]
    fn each_matcher_thread_has_a_cpu_of_its_own_and_is_a_batch_thread() {
        let process = cpus_allowed(&std::fs::read_to_string("/proc/self/status").unwrap());
        let mut m = Matching::default();
        m.set_items(texts(LAZY_ITEMS + 1));
        assert!(m.nucleo.is_some());
        let workers = || -> Vec<(usize, Vec<usize>, Option<u32>)> {
            let tasks = std::fs::read_dir("/proc/self/task").unwrap();
            tasks
                .filter_map(|task| {
                    let path = task.ok()?.path();
                    let name = std::fs::read_to_string(path.join("comm")).ok()?;
                    let i = name.trim().strip_prefix("nucleo worker ")?.parse().ok()?;
                    Some((
                        i,
                        cpus_allowed(&std::fs::read_to_string(path.join("status")).ok()?),
                        policy(&std::fs::read_to_string(path.join("stat")).ok()?),
                    ))
                })
                .collect()
        };
        // The threads set their CPU as they start: wait for every one.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let found = workers();
            let placed = |(i, cpus, policy): &(usize, Vec<usize>, Option<u32>)| {
                let cpu = if process.len() < 2 {
                    cpus == &process
                } else {
                    cpus == &[process[i % process.len()]]
                };
                cpu && *policy == Some(3)
            };
            if !found.is_empty() && found.iter().all(placed) {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "matcher threads, their CPUs and policies: {found:?} (the process may use {process:?})"
            );
            std::thread::yield_now();
        }
    }

    fn results(m: &mut Matching, filter: &str) -> Vec<usize> {
        m.set_pattern(filter);
        m.settle();
        m.matched().collect()
    }

    /// Erasing back takes the results kept for the shorter filter (our
    /// nucleo fork keeps those typed on the way): the same as matching
    /// again, and prompts added since are matched too.
    #[test]
    fn erasing_back_gives_the_shorter_filters_results() {
        let mut m = Matching::default();
        m.set_items(texts(3000));
        let one = results(&mut m, "1");
        let two = results(&mut m, "12");
        let three = results(&mut m, "123");
        assert!(one.len() > two.len() && two.len() > three.len());
        assert_eq!(results(&mut m, "12"), two);
        assert_eq!(results(&mut m, "1"), one);
        assert_eq!(results(&mut m, "12"), two);
        m.add_items(["prompt 1x", "prompt 12x"].into_iter().map(String::from));
        let more = results(&mut m, "1");
        assert_eq!(more.len(), one.len() + 2);
        assert_eq!(results(&mut m, "12").len(), two.len() + 1);
        assert_eq!(results(&mut m, "1"), more);
    }

    #[test]
    fn a_long_list_starts_the_matcher_as_it_grows() {
        let mut m = Matching::default();
        m.set_items(texts(LAZY_ITEMS));
        assert!(m.nucleo.is_none());
        m.add_items(texts(1));
        assert!(m.nucleo.is_some());
        assert!(m.waiting.is_empty());
        m.set_pattern("prompt 0999");
        m.settle();
        assert_eq!(m.matched().collect::<Vec<_>>(), [999]);
    }
}
