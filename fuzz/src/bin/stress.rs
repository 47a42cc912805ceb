//! A coverage-free mutation fuzzer for stable Rust: no nightly, no LLVM
//! plugins, no dependencies. It mutates the rules' examples with hostile
//! Unicode and mail structure, runs the same oracle as the AFL++ targets,
//! and keeps inputs that make the rules fire in new combinations.
//!
//! ```text
//! stress [--seconds N | --iterations N] [--seed N] [--target check|options|both]
//!        [--out DIR] [--slow-ms N]
//! stress --write-seeds DIR      # the seed corpus for AFL++
//! stress --replay FILE...       # rerun saved inputs (crashes, AFL findings)
//! ```

use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use std::{env, fs, process};

/// Pieces that tend to break text code, or to change how a mail is read.
const TOKENS: &[&str] = &[
    "😀",
    "👨\u{200D}👩\u{200D}👧",
    "🇩🇪",
    "e\u{301}",
    "\u{301}",
    "\u{20DD}",
    "שלום",
    "مرحبا",
    "\u{202E}",
    "\u{200F}",
    "\0",
    "\u{1}",
    "\u{1B}",
    "\u{7F}",
    "\u{85}",
    "\t",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\u{2028}",
    "\u{2029}",
    "\u{FEFF}",
    "\u{200B}",
    "\u{200D}",
    "\u{AD}",
    "İ",
    "ẞ",
    "Σ",
    "Ⱥ",
    "ǅ",
    "ﬀ",
    "\u{10FFFF}",
    "\u{FFFD}",
    "’",
    "“",
    "„",
    "«",
    "–",
    "—",
    "\u{A0}",
    "\u{202F}",
    "\u{3000}",
    "…",
    "。",
    ". ",
    "! ",
    "? ",
    ", ",
    ";",
    ":",
    "\"",
    "'",
    "(",
    ")",
    "<",
    ">",
    "*",
    "|",
    "[",
    "]",
    "{",
    "}",
    "\\",
    "-",
    "ß",
    "Ä",
    "ö",
    "\n> ",
    "\n>> ",
    "\n-- \n",
    "\n--\n",
    "\nAm 3. Mai 2026 schrieb Max <m@x.de>:\n",
    "\nOn Mon, 4 May 2026, Jane wrote:\n",
    "\nOn Mon, 4 May 2026, Jane <j@x.com>\nwrote:\n",
    "\n-----Original Message-----\n",
    "\nFrom: Jane\nSent: Monday\n",
    "\nVon: Max\nGesendet: Montag\n",
    "\n__________\n",
    "Am ",
    "On ",
    "Sie",
    "Ihnen",
    "Ihr",
    "Ihre",
    "du",
    "Du",
    "dir",
    "dich",
    "dein",
    "euch",
    "I",
    "bitte",
    "leider",
    "nicht",
    "nein",
    "no",
    "not",
    "but",
    "instead",
    "aber",
    "gern",
    "{",
    "|",
    "}",
    "[Datum]",
    "[date]",
];

/// JSON pieces for the options target.
const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "null",
    "true",
    "1",
    "-0",
    "1e999",
    "\"lang\"",
    "\"address\"",
    "\"disabledRules\"",
    "\"disabledCategories\"",
    "\"allowedPhrases\"",
    "\"de\"",
    "\"en\"",
    "\"auto\"",
    "\"sie\"",
    "\"du\"",
    "\"refusal\"",
    "\"address\"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\0",
];

/// xorshift64*: small, seedable, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Target {
    Check,
    Options,
}

const MAX_LEN: usize = 64 * 1024;

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>], target: Target) {
    for _ in 0..1 + rng.below(8) {
        let len = input.len();
        let at = rng.below(len + 1);
        match rng.below(12) {
            0 => input.insert(at, rng.next() as u8),
            1 if len > 0 => input[rng.below(len)] ^= 1 << rng.below(8),
            2 | 3 => {
                let tokens = if target == Target::Options && rng.below(2) == 0 {
                    JSON_TOKENS
                } else {
                    TOKENS
                };
                let token = rng.pick(tokens).as_bytes();
                input.splice(at..at, token.iter().copied());
            }
            4 if len > 0 => {
                let end = (at + 1 + rng.below(32)).min(len);
                input.drain(at.min(end)..end);
            }
            5 if len > 0 => {
                // Duplicate a stretch.
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let piece = input[start..end].to_vec();
                input.splice(at..at, piece);
            }
            6 => {
                // Splice in part of another input.
                let other = rng.pick(corpus);
                if !other.is_empty() {
                    let start = rng.below(other.len());
                    let end = (start + 1 + rng.below(200)).min(other.len());
                    input.splice(at..at, other[start..end].iter().copied());
                }
            }
            7 if len > 0 => {
                // Upper or lower case a stretch (ASCII only: keeps lengths).
                let end = (at + rng.below(40)).min(len);
                let upper = rng.below(2) == 0;
                for b in &mut input[at.min(end)..end] {
                    *b = if upper {
                        b.to_ascii_uppercase()
                    } else {
                        b.to_ascii_lowercase()
                    };
                }
            }
            8 => {
                // A long run: very long words, many blank lines, deep quotes.
                let unit = rng.pick(&["a", "😀", "\u{301}", " ", "\n", ">", ". ", "nicht ", "-"]);
                let run = unit.repeat(1 + rng.below(2000));
                input.splice(at..at, run.bytes());
            }
            9 => input.truncate(at),
            10 if len > 1 => {
                // Swap two stretches' order.
                let mid = rng.below(len);
                input.rotate_left(mid);
            }
            _ => {
                let token = rng.pick(TOKENS).as_bytes();
                input.extend_from_slice(token);
            }
        }
    }
    input.truncate(MAX_LEN);
}

fn run_target(target: Target, data: &[u8]) {
    match target {
        Target::Check => takt_fuzz::check_bytes(data),
        Target::Options => takt_fuzz::options_then_check(data),
    }
}

/// The rule ids an input makes fire: the fuzzer's stand-in for coverage.
fn signature(target: Target, data: &[u8]) -> Vec<&'static str> {
    let text = String::from_utf8_lossy(data);
    let mut ids: Vec<&'static str> = match target {
        Target::Check => takt_fuzz::LANGS
            .iter()
            .flat_map(|&lang| {
                takt::check(
                    &text,
                    &takt::Options {
                        lang,
                        ..Default::default()
                    },
                )
            })
            .map(|f| f.rule)
            .collect(),
        Target::Options => Vec::new(),
    };
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

struct Args {
    seconds: Option<u64>,
    iterations: Option<u64>,
    seed: u64,
    targets: Vec<Target>,
    out: PathBuf,
    slow: Duration,
}

fn usage() -> ! {
    eprintln!(
        "usage: stress [--seconds N | --iterations N] [--seed N] [--target check|options|both] \
         [--out DIR] [--slow-ms N]\n       stress --write-seeds DIR\n       stress --replay FILE..."
    );
    process::exit(2)
}

fn main() {
    let argv: Vec<String> = env::args().skip(1).collect();
    match argv.first().map(String::as_str) {
        Some("--write-seeds") => {
            return write_seeds(Path::new(argv.get(1).unwrap_or_else(|| usage())))
        }
        Some("--replay") => return replay(&argv[1..]),
        _ => {}
    }
    let mut args = Args {
        seconds: None,
        iterations: None,
        seed: 0x7a6b_7400_u64,
        targets: vec![Target::Check, Target::Options],
        out: PathBuf::from("out/stress"),
        slow: Duration::from_millis(500),
    };
    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage()).clone();
        match flag.as_str() {
            "--seconds" => args.seconds = Some(value().parse().unwrap_or_else(|_| usage())),
            "--iterations" => args.iterations = Some(value().parse().unwrap_or_else(|_| usage())),
            "--seed" => args.seed = value().parse().unwrap_or_else(|_| usage()),
            "--out" => args.out = PathBuf::from(value()),
            "--slow-ms" => {
                args.slow = Duration::from_millis(value().parse().unwrap_or_else(|_| usage()))
            }
            "--target" => {
                args.targets = match value().as_str() {
                    "check" => vec![Target::Check],
                    "options" => vec![Target::Options],
                    "both" => vec![Target::Check, Target::Options],
                    _ => usage(),
                }
            }
            _ => usage(),
        }
    }
    if args.seconds.is_none() && args.iterations.is_none() {
        args.seconds = Some(60);
    }
    fuzz(args);
}

fn fuzz(args: Args) {
    // Keep panics quiet; remember the last message for the report.
    let last_panic = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&last_panic);
    panic::set_hook(Box::new(move |info| {
        *sink.lock().unwrap() = info.to_string();
    }));

    let seeds: Vec<(Target, Vec<u8>)> = takt_fuzz::seeds()
        .into_iter()
        .map(|(name, data)| {
            let target = if name.starts_with("options") {
                Target::Options
            } else {
                Target::Check
            };
            (target, data)
        })
        .collect();
    let mut corpus: Vec<Vec<Vec<u8>>> = args
        .targets
        .iter()
        .map(|&t| {
            seeds
                .iter()
                .filter(|(st, _)| *st == t)
                .map(|(_, d)| d.clone())
                .collect()
        })
        .collect();
    let mut seen: HashSet<Vec<&'static str>> = HashSet::new();
    let mut crashes: HashSet<String> = HashSet::new();
    let mut crash_count = 0u64;
    let mut slow_count = 0u64;
    let mut slowest = Duration::ZERO;
    let mut rng = Rng(args.seed | 1);
    let started = Instant::now();
    let deadline = args.seconds.map(|s| started + Duration::from_secs(s));
    let mut execs = 0u64;
    let mut last_report = Instant::now();

    loop {
        if args.iterations.is_some_and(|n| execs >= n)
            || deadline.is_some_and(|d| Instant::now() >= d)
        {
            break;
        }
        let slot = rng.below(args.targets.len());
        let target = args.targets[slot];
        let pool = &corpus[slot];
        let mut input = if pool.is_empty() || rng.below(50) == 0 {
            Vec::new()
        } else {
            rng.pick(pool).clone()
        };
        mutate(&mut rng, &mut input, pool, target);

        let t = Instant::now();
        let result = panic::catch_unwind(AssertUnwindSafe(|| run_target(target, &input)));
        let took = t.elapsed();
        execs += 1;
        slowest = slowest.max(took);

        let name = format!("{:016x}", fnv(&input));
        if result.is_err() {
            crash_count += 1;
            let message = last_panic.lock().unwrap().clone();
            // One file per distinct panic location and message head.
            let key: String = message.chars().take(160).collect();
            if crashes.insert(key) {
                save(&args.out.join("crashes"), &name, &input);
                eprintln!("crash #{} ({name}): {message}", crashes.len());
            }
            continue;
        }
        if took > args.slow {
            slow_count += 1;
            save(&args.out.join("slow"), &name, &input);
            eprintln!("slow input {name}: {took:?} ({} bytes)", input.len());
        }
        // Keep inputs that make a new set of rules fire, and a few others.
        let small = input.len() < 4096;
        let new_rules = small && target == Target::Check && seen.insert(signature(target, &input));
        if new_rules || (small && rng.below(200) == 0) {
            corpus[slot].push(input);
        }
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            eprintln!(
                "[{:>5}s] execs {execs}  crashes {crash_count}  slow {slow_count}  corpus {}",
                started.elapsed().as_secs(),
                corpus.iter().map(Vec::len).sum::<usize>()
            );
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!("target:        {}", target_names(&args.targets));
    println!("duration:      {elapsed:.0} s");
    println!("executions:    {execs} ({:.0}/s)", execs as f64 / elapsed);
    println!(
        "crashes:       {crash_count} ({} distinct, in {})",
        crashes.len(),
        args.out.join("crashes").display()
    );
    println!(
        "slow (>{:?}): {slow_count} (slowest {slowest:?})",
        args.slow
    );
    println!(
        "corpus:        {}",
        corpus.iter().map(Vec::len).sum::<usize>()
    );
    if crash_count > 0 {
        process::exit(1);
    }
}

fn target_names(targets: &[Target]) -> String {
    targets
        .iter()
        .map(|t| match t {
            Target::Check => "check",
            Target::Options => "options",
        })
        .collect::<Vec<_>>()
        .join("+")
}

fn save(dir: &Path, name: &str, data: &[u8]) {
    fs::create_dir_all(dir).expect("output directory is writable");
    fs::write(dir.join(name), data).expect("output directory is writable");
}

fn write_seeds(dir: &Path) {
    for target in ["check", "options"] {
        fs::create_dir_all(dir.join(target)).expect("seed directory is writable");
    }
    let seeds = takt_fuzz::seeds();
    for (name, data) in &seeds {
        let target = if name.starts_with("options") {
            "options"
        } else {
            "check"
        };
        fs::write(dir.join(target).join(name), data).expect("seed directory is writable");
    }
    println!("{} seeds in {}", seeds.len(), dir.display());
}

/// Reruns saved inputs on both targets; files under a directory named
/// `options` (or starting with `options`) go to the options target.
fn replay(files: &[String]) {
    let mut failed = 0;
    for file in files {
        let data = fs::read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let target = if file.contains("options") {
            Target::Options
        } else {
            Target::Check
        };
        let t = Instant::now();
        let result = panic::catch_unwind(|| run_target(target, &data));
        let status = if result.is_ok() { "ok" } else { "CRASH" };
        failed += result.is_err() as i32;
        println!("{status:5} {:>8.1?} {file}", t.elapsed());
    }
    process::exit(failed.min(1));
}
