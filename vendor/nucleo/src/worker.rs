use std::cell::UnsafeCell;
use std::sync::atomic::{self, AtomicBool};
use std::sync::Arc;

use nucleo_matcher::{Config, Utf32Str};
use parking_lot::Mutex;
use rayon::{prelude::*, ThreadPool};

use crate::ascii::{self, Needles};
use crate::pattern::{self, MultiPattern};
use crate::sort::Sorting;
use crate::typed::TypedResults;
use crate::{boxcar, Match};

struct Matchers(Box<[UnsafeCell<nucleo_matcher::Matcher>]>);

impl Matchers {
    // this is not a true mut from ref, we use a cell here
    #[allow(clippy::mut_from_ref)]
    unsafe fn get(&self) -> &mut nucleo_matcher::Matcher {
        &mut *self.0[rayon::current_thread_index().unwrap()].get()
    }
}

unsafe impl Sync for Matchers {}
unsafe impl Send for Matchers {}

pub(crate) struct Worker<T: Sync + Send + 'static> {
    pub(crate) running: bool,
    matchers: Matchers,
    pub(crate) matches: Vec<Match>,
    pub(crate) pattern: MultiPattern,
    pub(crate) canceled: Arc<AtomicBool>,
    pub(crate) was_canceled: bool,
    pub(crate) last_snapshot: u32,
    pub(crate) items: Arc<boxcar::Vec<T>>,
    in_flight: Vec<u32>,
    /// The results of the patterns typed on the way to the current one (each
    /// entry extends the one before it), so that erasing back to one of them
    /// takes its results instead of matching every item again.
    typed: TypedResults,
    /// The chars each item's text has (`ascii::mask`; all bits for an item
    /// not there yet or not ASCII), by item index.
    masks: Vec<u64>,
    /// The sort's memory, kept from run to run.
    sorting: Sorting,
    /// The last finished run's matches, best first, when it sorted them
    /// (`in_best_first`); the matches themselves are then left in the order
    /// they were scored in, item order after a rescoring, for the next. A
    /// sort in place left them best first, and each rescoring put them in
    /// item order first: 0.35-0.7 ms of the run of the second char typed
    /// over 100,000 prompts (trace), on one thread.
    best_first: Vec<Match>,
    in_best_first: bool,
    /// Whether the matches are in item order (listed for no filter, scored
    /// again or put in order; not when they are results taken back): then
    /// they need no ordering before a rescoring.
    ordered: bool,
}

impl<T: Sync + Send + 'static> Worker<T> {
    /// The last finished run's results, best first.
    pub(crate) fn results(&self) -> &[Match] {
        if self.in_best_first {
            &self.best_first
        } else {
            &self.matches
        }
    }

    pub(crate) fn item_count(&self) -> u32 {
        self.last_snapshot - self.in_flight.len() as u32
    }
    pub(crate) fn update_config(&mut self, config: Config) {
        for matcher in self.matchers.0.iter_mut() {
            matcher.get_mut().config = config.clone();
        }
        // results kept were scored with the old config
        self.typed.clear();
    }

    pub(crate) fn new(
        worker_threads: Option<usize>,
        config: Config,
        cols: u32,
    ) -> (ThreadPool, Self) {
        let worker_threads = worker_threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(4, |it| it.get()));
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("nucleo worker {i}"))
            .start_handler(spread)
            .num_threads(worker_threads)
            .build()
            .expect("creating threadpool failed");
        let matchers = (0..worker_threads)
            .map(|_| UnsafeCell::new(nucleo_matcher::Matcher::new(config.clone())))
            .collect();
        let worker = Worker {
            running: false,
            matchers: Matchers(matchers),
            last_snapshot: 0,
            matches: Vec::new(),
            // just a placeholder
            pattern: MultiPattern::new(cols as usize),
            canceled: Arc::new(AtomicBool::new(false)),
            was_canceled: false,
            items: Arc::new(boxcar::Vec::with_capacity(2 * 1024, cols)),
            in_flight: Vec::with_capacity(64),
            typed: TypedResults::default(),
            masks: Vec::new(),
            sorting: Sorting::default(),
            best_first: Vec::new(),
            in_best_first: false,
            ordered: true,
        };
        (pool, worker)
    }

    unsafe fn process_new_items(&mut self, needles: Option<Needles>) {
        let matchers = &self.matchers;
        let pattern = &self.pattern;
        let needles = &needles;
        let masks = &self.masks;
        self.matches.reserve(self.in_flight.len());
        self.in_flight.retain(|&idx| {
            let Some(item) = self.items.get(idx) else {
                return true;
            };
            if let Some(score) = score(needles, masks, idx, pattern, &item, matchers) {
                let len = haystack_len(item.matcher_columns);
                self.matches.push(Match { score, idx, len });
            };
            false
        });
        let new_snapshot = self.items.par_snapshot(self.last_snapshot);
        if new_snapshot.end() != self.last_snapshot {
            let end = new_snapshot.end();
            let in_flight = Mutex::new(&mut self.in_flight);
            let items = new_snapshot.map(|(idx, item)| {
                let Some(item) = item else {
                    in_flight.lock().push(idx);
                    return Match {
                        score: 0,
                        idx: u32::MAX,
                        len: 0,
                    };
                };
                if self.canceled.load(atomic::Ordering::Relaxed) {
                    return Match {
                        score: 0,
                        idx,
                        len: 0,
                    };
                }
                let Some(score) = score(needles, masks, idx, pattern, &item, matchers) else {
                    return Match {
                        score: 0,
                        idx: u32::MAX,
                        len: 0,
                    };
                };
                let len = haystack_len(item.matcher_columns);
                Match { score, idx, len }
            });
            self.matches.par_extend(items);
            self.last_snapshot = end;
        }
    }

    fn remove_in_flight_matches(&mut self) {
        let mut off = 0;
        self.in_flight.retain(|&i| {
            let is_in_flight = self.items.get(i).is_none();
            if is_in_flight {
                self.matches.remove((i - off) as usize);
                off += 1;
            }
            is_in_flight
        });
    }

    unsafe fn process_new_items_trivial(&mut self) {
        let new_snapshot = self.items.snapshot(self.last_snapshot);
        if new_snapshot.end() != self.last_snapshot {
            let end = new_snapshot.end();
            let items = new_snapshot.filter_map(|(idx, item)| {
                if item.is_none() {
                    self.in_flight.push(idx);
                    return None;
                };
                Some(Match {
                    score: 0,
                    idx,
                    len: 0,
                })
            });
            self.matches.extend(items);
            self.last_snapshot = end;
        }
    }

    pub(crate) unsafe fn run(&mut self, pattern_status: pattern::Status, cleared: bool) {
        self.running = true;
        self.was_canceled = false;
        // until this run sorts, its results are the matches as they are
        self.in_best_first = false;

        if cleared {
            self.last_snapshot = 0;
            self.in_flight.clear();
            self.matches.clear();
            self.typed.clear();
            self.masks.clear();
        }

        // TODO: be smarter around reusing past results for rescoring
        if self.pattern.is_empty() {
            // nothing was typed on the way to no pattern
            self.typed.clear();
            self.reset_matches();
            self.process_new_items_trivial();
            // the masks of items added are made as they come, while their
            // texts are fresh: made on the first filter, over 100,000
            // items read cold, they took that key 15-20 ms
            self.update_masks();
            return;
        }

        // erasing back to a pattern typed before takes its results, and
        // only items that came since are matched
        let mut restored = false;
        if pattern_status == pattern::Status::Rescore {
            restored = self.take_typed();
            if restored && self.items.count() == self.last_snapshot {
                return;
            }
            if !restored {
                self.reset_matches();
            }
        }

        // the faster ASCII scoring, when it takes the pattern
        let needles = self.pattern.needles(&(*self.matchers.0[0].get()).config);
        if needles.is_some() {
            self.update_masks();
        }
        if pattern_status != pattern::Status::Unchanged && !restored && !self.matches.is_empty() {
            self.process_new_items_trivial();
            self.order_by_index();
            let matchers = &self.matchers;
            let pattern = &self.pattern;
            let needles = &needles;
            let masks = &self.masks;
            self.matches
                .par_iter_mut()
                .take_any_while(|_| !self.canceled.load(atomic::Ordering::Relaxed))
                .for_each(|match_| {
                    if match_.idx == u32::MAX {
                        debug_assert_eq!(match_.score, 0);
                        return;
                    }
                    // safety: in-flight items are never added to the matches
                    let item = self.items.get_unchecked(match_.idx);
                    if let Some(score) = score(needles, masks, match_.idx, pattern, &item, matchers)
                    {
                        match_.score = score;
                        match_.len = haystack_len(item.matcher_columns);
                    } else {
                        match_.score = 0;
                        match_.idx = u32::MAX;
                    }
                });
        } else {
            self.process_new_items(needles);
        }

        // a run stopped for a newer pattern leaves matches half scored
        if self.canceled.load(atomic::Ordering::Relaxed) {
            self.was_canceled = true;
        } else {
            // the items that did not match go
            self.matches.retain(|m| m.idx != u32::MAX);
            self.ordered = self.sorting.sort(&self.matches, &mut self.best_first);
            self.in_best_first = true;
            self.keep_typed(pattern_status, restored);
        }
    }

    /// Keeps the results just made: after the ones kept when the pattern
    /// extends the last (typing on), in place of the ones `restored` and
    /// added to, in place of all others otherwise.
    fn keep_typed(&mut self, pattern_status: pattern::Status, restored: bool) {
        if restored {
            self.typed.pop();
        } else if pattern_status == pattern::Status::Rescore {
            self.typed.clear();
        }
        if self.in_flight.is_empty() {
            // (called after a sort, whose results are best first)
            self.typed
                .keep(&self.pattern, &self.best_first, self.last_snapshot);
        }
    }

    /// Takes the kept results of the pattern, when it is one typed on the
    /// way to the last (erasing back to it) and no item came since; those
    /// typed after it go. Returns whether it did.
    fn take_typed(&mut self) -> bool {
        if !self.in_flight.is_empty() {
            self.typed.clear();
            return false;
        }
        let Some(kept) = self.typed.back_to(&self.pattern, self.last_snapshot) else {
            return false;
        };
        self.matches.clear();
        self.matches.extend_from_slice(kept);
        self.ordered = false;
        true
    }

    /// Puts the matches in item order (their scores are made again next):
    /// the texts are then read in the order they are stored, and the sort
    /// has no index digits to sort by (`sort::Sorting::sort`).
    fn order_by_index(&mut self) {
        // (the rescoring skips the unmatched ones among them)
        if self.ordered {
            return;
        }
        // (every index is below the items' count)
        let mut bits = vec![0u64; self.last_snapshot as usize / 64 + 1];
        for m in &self.matches {
            if m.idx != u32::MAX {
                bits[m.idx as usize / 64] |= 1 << (m.idx % 64);
            }
        }
        self.matches.clear();
        for (w, &word) in bits.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                let idx = (w * 64) as u32 + rest.trailing_zeros();
                self.matches.push(Match {
                    score: 0,
                    idx,
                    len: 0,
                });
                rest &= rest - 1;
            }
        }
        self.ordered = true;
    }

    /// Makes the masks of the items added since the last time.
    fn update_masks(&mut self) {
        let count = self.items.count();
        for idx in self.masks.len() as u32..count {
            let mask = match self.items.get(idx) {
                Some(item) if item.matcher_columns.len() == 1 => {
                    match item.matcher_columns[0].slice(..) {
                        Utf32Str::Ascii(text) => ascii::mask(text),
                        Utf32Str::Unicode(_) => u64::MAX,
                    }
                }
                _ => u64::MAX,
            };
            self.masks.push(mask);
        }
    }

    fn reset_matches(&mut self) {
        self.matches.clear();
        self.matches
            .extend((0..self.last_snapshot).map(|idx| Match {
                score: 0,
                idx,
                len: 0,
            }));
        // there are usually only very few in flight items (one for each writer)
        self.remove_in_flight_matches();
        self.ordered = true;
    }
}

/// The score of `item` (index `idx`): by promptcrafter's faster ASCII
/// scoring when it takes the pattern and the text, by nucleo-matcher
/// otherwise.
#[inline]
unsafe fn score<T>(
    needles: &Option<Needles>,
    masks: &[u64],
    idx: u32,
    pattern: &MultiPattern,
    item: &crate::Item<'_, T>,
    matchers: &Matchers,
) -> Option<u32> {
    if let Some(needles) = needles {
        let mask = masks.get(idx as usize).copied().unwrap_or(u64::MAX);
        if let Some(score) = needles.score(item.matcher_columns[0].slice(..), mask) {
            return score;
        }
    }
    pattern.score(item.matcher_columns, matchers.get())
}

/// promptcrafter's fork: puts matcher thread `i` on a CPU of its own, the
/// `i`th of those the process may run on, and makes it a batch thread
/// (Linux; elsewhere the scheduler places the threads as it likes). Left to
/// the scheduler, the threads of a short run were often put on one CPU
/// together, with the loop's thread, while the other CPU sat idle, and took
/// turns there (`perf sched` of the prompt filter over 100,000 prompts on
/// two CPUs); the filter's p99 from key to results went from about 10 ms to
/// 7-8. A batch thread (`SCHED_BATCH`: the same share of the CPU, but its
/// wake-up never preempts the thread running) leaves the CPU to the thread
/// that started the run until it sleeps: the TUI's loop, woken up first
/// by the matcher threads, finished its key 2-3 ms later in one run of ten
/// (trace, same filter).
fn spread(i: usize) {
    #[cfg(target_os = "linux")]
    // safety: `cpu_set_t` and `sched_param` are plain data, zeroed is an
    // empty set, and the calls get their sizes and pointers to them
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        libc::sched_setscheduler(0, libc::SCHED_BATCH, &param);
        let size = std::mem::size_of::<libc::cpu_set_t>();
        let mut allowed: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, size, &mut allowed) != 0 {
            return;
        }
        let cpus: Vec<usize> = (0..libc::CPU_SETSIZE as usize)
            .filter(|&cpu| libc::CPU_ISSET(cpu, &allowed))
            .collect();
        if cpus.len() < 2 {
            return;
        }
        let mut own: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpus[i % cpus.len()], &mut own);
        libc::sched_setaffinity(0, size, &own);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = i;
}

/// The length of an item's text, all columns together: the sort's tie-breaker.
fn haystack_len(columns: &[crate::Utf32String]) -> u32 {
    columns.iter().map(|haystack| haystack.len() as u32).sum()
}
