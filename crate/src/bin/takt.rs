//! `takt`: checks customer mails from the command line, like a compiler
//! checks code.

use std::io::Read;
use std::process::ExitCode;
use takt::{LangChoice, Options};

const USAGE: &str = "\
usage: takt check [FILE|-] [--lang auto|de|en] [--format text|json]
       takt rules [--format text|json|markdown]

Exit status: 0 no findings, 1 findings, 2 error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        // The reader went away (`takt check mail.txt | head`): not an error.
        Err(message) if message == BROKEN_PIPE => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("takt: {message}");
            ExitCode::from(2)
        }
    }
}

const BROKEN_PIPE: &str = "broken pipe";

/// Writes to standard output; a closed pipe ends the program quietly.
fn emit(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                BROKEN_PIPE.to_string()
            } else {
                format!("cannot write the report: {e}")
            }
        })
}

struct Args {
    file: Option<String>,
    lang: LangChoice,
    format: String,
}

fn parse(args: &[String], formats: &[&str]) -> Result<Args, String> {
    let mut parsed = Args {
        file: None,
        lang: LangChoice::Auto,
        format: "text".into(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("{name} needs a value"))
        };
        match flag {
            "--lang" => {
                parsed.lang = match value("--lang")?.as_str() {
                    "auto" => LangChoice::Auto,
                    "de" => LangChoice::De,
                    "en" => LangChoice::En,
                    other => {
                        return Err(format!("unknown language `{other}` (use auto, de or en)"))
                    }
                }
            }
            "--format" => {
                let f = value("--format")?;
                if !formats.contains(&f.as_str()) {
                    return Err(format!("unknown format `{f}` (use {})", formats.join(", ")));
                }
                parsed.format = f;
            }
            "-h" | "--help" => return Err(USAGE.into()),
            f if f.starts_with("--") => return Err(format!("unknown option `{f}`\n{USAGE}")),
            _ if parsed.file.is_none() => parsed.file = Some(arg.clone()),
            _ => return Err(format!("unexpected argument `{arg}`\n{USAGE}")),
        }
    }
    Ok(parsed)
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    match args.first().map(String::as_str) {
        Some("check") => check(parse(&args[1..], &["text", "json"])?),
        Some("rules") => {
            let a = parse(&args[1..], &["text", "json", "markdown"])?;
            emit(&match a.format.as_str() {
                "json" => takt::catalogue::json(),
                "markdown" => takt::catalogue::markdown(),
                _ => takt::catalogue::text(),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(USAGE.into()),
    }
}

fn read_input(file: Option<&str>) -> Result<(String, String), String> {
    let (name, bytes) = match file {
        None | Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            ("<stdin>".to_string(), bytes)
        }
        Some(path) => (
            path.to_string(),
            std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?,
        ),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name} is not valid UTF-8 (byte {}); save it as UTF-8 and try again",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok((name, text))
}

/// 1-based line and column (in characters) of a UTF-16 offset.
fn line_column(text: &str, utf16: usize) -> (usize, usize) {
    let (mut line, mut column, mut units) = (1, 1, 0);
    for c in text.chars() {
        if units >= utf16 {
            break;
        }
        units += c.len_utf16();
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

fn check(args: Args) -> Result<ExitCode, String> {
    let (name, text) = read_input(args.file.as_deref())?;
    let options = Options {
        lang: args.lang,
        ..Options::default()
    };
    let findings = takt::check(&text, &options);
    if args.format == "json" {
        let rows: Vec<serde_json::Value> = findings
            .iter()
            .map(|f| {
                let (line, column) = line_column(&text, f.start);
                let mut v = serde_json::to_value(f).expect("findings serialize");
                v["line"] = line.into();
                v["column"] = column.into();
                v
            })
            .collect();
        emit(&(serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())? + "\n"))?;
    } else {
        let utf16: Vec<u16> = text.encode_utf16().collect();
        let mut report = String::new();
        for f in &findings {
            let (line, column) = line_column(&text, f.start);
            let phrase = String::from_utf16_lossy(&utf16[f.start..f.end]);
            let (category, message, rule) = (f.category.name(), f.message, f.rule);
            report += &format!("{name}:{line}:{column}: {category}: {message} [{rule}]\n");
            report += &format!("    | {phrase}\n");
            for s in &f.suggestions {
                report += &format!("    = try: {s}\n");
            }
        }
        let n = findings.len();
        report += &format!("{n} finding{}\n", if n == 1 { "" } else { "s" });
        emit(&report)?;
    }
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
