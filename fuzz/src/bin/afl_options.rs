//! AFL++ target: JSON options, a NUL byte, then the mail.
fn main() {
    takt_fuzz::warm_up();
    afl::fuzz!(|data: &[u8]| takt_fuzz::options_then_check(data));
}
