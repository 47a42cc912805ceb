//! The `takt` command line: output format, exit status and errors.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn takt(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_takt"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("takt starts");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_clean_mail_exits_zero() {
    let o = takt(
        &["check", "-"],
        "Hallo Frau Weber,\n\nanbei das Angebot. Ich rufe Sie am Dienstag an.\n".as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 findings"));
}

#[test]
fn findings_are_reported_like_compiler_errors() {
    let mail = "Hallo Frau Weber,\n\ndanke für die Anfrage. Nein, das geht nicht.\n";
    let o = takt(&["check", "-", "--lang", "de"], mail.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("<stdin>:3:"), "{first}");
    assert!(first.contains(": refusal: "), "{first}");
    assert!(out.contains("= try: "), "{out}");
}

#[test]
fn json_output_has_findings_with_line_and_column() {
    let mail = "Hi Sam,\n\nper my last email, the files are attached.\n";
    let o = takt(&["check", "-", "--format=json"], mail.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let f = &findings[0];
    assert_eq!(f["category"], "blame");
    assert_eq!(f["line"], 3);
    assert_eq!(f["column"], 1);
    let start = f["start"].as_u64().unwrap() as usize;
    let end = f["end"].as_u64().unwrap() as usize;
    assert_eq!(mail[start..end].to_lowercase(), "per my last email");
    for key in [
        "rule",
        "severity",
        "message",
        "suggestions",
        "replaceStart",
        "replaceEnd",
    ] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn invalid_utf8_is_a_clear_error() {
    let o = takt(&["check", "-"], b"Hallo \xff\xfe Welt");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not valid UTF-8"));
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let o = takt(&["check", "/no/such/mail.txt"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read /no/such/mail.txt"));
}

#[test]
fn bad_arguments_are_explained() {
    for args in [
        &["check", "--lang", "fr"][..],
        &["check", "--format", "xml"],
        &["frobnicate"],
        &["check", "a", "b"],
    ] {
        let o = takt(args, b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn rules_lists_the_catalogue() {
    let o = takt(&["rules", "--format", "json"], b"");
    assert_eq!(o.status.code(), Some(0));
    let rules: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(rules.iter().any(|r| r["lang"] == "de") && rules.iter().any(|r| r["lang"] == "en"));
}
