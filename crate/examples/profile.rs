use takt::fold::Folded;
use takt::matcher::Matcher;
use takt::{lang, segment};
fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let n: u32 = std::env::var("ITER")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let what = std::env::var("WHAT").unwrap_or_default();
    let folded = Folded::new(&text, &segment::hidden_ranges(&text));
    let m = Matcher::get(lang::detect(&folded.text));
    let o = takt::Options::default();
    let lits = takt::literals::Literals::new(takt::rule::literals(lang::detect(&folded.text)));
    takt::check(&text, &o);
    let mut checker = takt::Checker::default();
    checker.check(&text, &o);
    let t = std::time::Instant::now();
    for _ in 0..n {
        match what.as_str() {
            "match" => drop(m.find(&folded.text)),
            "address" => drop(takt::address::analyse(
                &text,
                &folded,
                takt::address::Address::Formal,
            )),
            "fold" => drop(Folded::new(&text, &segment::hidden_ranges(&text))),
            "lang" => drop(lang::detect(&folded.text)),
            "hist" => {
                let l = lang::detect(&folded.text);
                let names = takt::rule::literals(l);
                let mut c = vec![0usize; names.len()];
                lits.find(&folded.text, |h| c[h.literal] += 1);
                let mut v: Vec<_> = c.iter().enumerate().filter(|x| *x.1 > 0).collect();
                v.sort_by_key(|x| std::cmp::Reverse(*x.1));
                for (i, n) in v.iter().take(25) {
                    eprint!("{}:{} ", names[*i].0, n);
                }
                eprintln!("\n{} literals, {} occur", names.len(), v.len());
                return;
            }
            "groups" => {
                for lang in [takt::Lang::De, takt::Lang::En] {
                    let mut sizes = vec![];
                    let mut pats = 0;
                    for r in takt::rule::all().iter().filter(|r| r.lang == lang) {
                        for p in r.patterns.iter().chain(r.unless.iter()) {
                            pats += 1;
                            for g in p.required {
                                sizes.push(g.len());
                            }
                        }
                    }
                    sizes.sort();
                    let tot: usize = sizes.iter().sum();
                    eprintln!("{lang:?}: {pats} patterns, {} groups, {tot} literal refs, max {:?}, p90 {}", sizes.len(), sizes.last(), sizes[sizes.len()*9/10]);
                }
                return;
            }
            "count" => {
                let mut n = 0;
                let mut words = 0;
                lits.find(&folded.text, |_| n += 1);
                for w in folded.text.split(|c: char| !c.is_alphanumeric()) {
                    if !w.is_empty() {
                        words += 1;
                    }
                }
                eprintln!("hits {n} words {words} bytes {}", folded.text.len());
                return;
            }
            "literals" => {
                let mut n = 0;
                lits.find(&folded.text, |_| n += 1);
                std::hint::black_box(n);
            }
            "sorted" => {
                let mut v = vec![];
                lits.find(&folded.text, |h| v.push(h.start));
                let bad = v.windows(2).filter(|w| w[0] > w[1]).count();
                eprintln!("unsorted pairs: {bad} of {}", v.len());
                return;
            }
            "fresh" => drop(takt::Checker::default().check(&text, &o)),
            "recheck" => {
                let middle = text[text.len() / 2..].find('\n').unwrap() + text.len() / 2;
                let edited = format!("{} x{}", &text[..middle], &text[middle..]);
                checker.check(&edited, &o);
                drop(checker.check(&text, &o));
            }
            _ => drop(takt::check(&text, &o)),
        }
    }
    eprintln!("{what} {:?}", t.elapsed() / n.max(1));
}
#[allow(dead_code)]
fn _unused() {}
