//! AFL++ target: arbitrary bytes as a mail, checked in every language.
fn main() {
    takt_fuzz::warm_up();
    afl::fuzz!(|data: &[u8]| takt_fuzz::check_bytes(data));
}
