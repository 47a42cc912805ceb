#!/usr/bin/env bash
# Fuzzes the Takt engine on the stable toolchain.
#
#   fuzz/run.sh [SECONDS] [TARGET]
#
# SECONDS  how long to fuzz (default 600); TARGET is
#   check    arbitrary bytes -> lossy UTF-8 -> takt::check in auto/de/en
#   options  bytes -> serde_json -> Options, then the bytes after the first NUL as the mail
#   both     both targets side by side (default), each for SECONDS
#   stress   the coverage-free mutation fuzzer on both targets (no AFL++ needed)
#
# AFL++ comes from `cargo install cargo-afl` (the runtime is built once with
# `cargo afl config --build`); without it, the stress fuzzer runs instead.
# Every target checks the engine's promises (offsets in bounds, on surrogate
# and word boundaries, sorted and apart; determinism; a neutral first paragraph
# shifts findings; text under a signature is invisible; an applied suggestion
# is not flagged itself), so a broken promise counts as a crash.
# TAKT_FUZZ_STRICT=1 adds: applying a suggestion adds no finding anywhere.
# AFL++ resumes from out/ and reports totals over all runs; delete out/ for
# a fresh start. Crashes land in out/afl-<target>/default/crashes/ or out/stress/crashes/;
# rerun them with `target/release/stress --replay FILE...`.
set -euo pipefail
cd "$(dirname "$0")"

secs=${1:-600}
target=${2:-both}
case "$target" in check | options | both | stress) ;; *)
  echo "usage: $0 [SECONDS] [check|options|both|stress]" >&2
  exit 2
  ;;
esac

cargo build --quiet --release --bin stress
./target/release/stress --write-seeds seeds >/dev/null

if [ "$target" = stress ] || ! cargo afl --version >/dev/null 2>&1; then
  [ "$target" = stress ] || echo "cargo-afl not found: running the stress fuzzer" >&2
  which=both
  if [ "$target" = check ] || [ "$target" = options ]; then which=$target; fi
  set +e
  ./target/release/stress --seconds "$secs" --target "$which" --out out/stress
  exit $?
fi

# Instrumented builds live apart, so the stress build is not redone each time.
CARGO_TARGET_DIR=target/afl cargo afl build --quiet --release --features afl \
  --bin afl_check --bin afl_options

targets=("$target")
[ "$target" = both ] && targets=(check options)

export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_AUTORESUME=1
pids=()
for t in "${targets[@]}"; do
  mkdir -p out
  # -t: an input that takes longer than this is saved as a hang.
  cargo afl fuzz -V "$secs" -t 1000 -i "seeds/$t" -o "out/afl-$t" \
    -- "target/afl/release/afl_$t" >"out/afl-$t.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=$?; done

crashes=0
for t in "${targets[@]}"; do
  stats="out/afl-$t/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "$t: AFL++ did not start, see fuzz/out/afl-$t.log" >&2
    status=1
    continue
  fi
  get() { awk -v k="$1" '$1 == k { print $3 }' "$stats"; }
  echo "target:      $t (AFL++)"
  echo "duration:    $(get run_time) s"
  echo "executions:  $(get execs_done) ($(get execs_per_sec)/s)"
  echo "crashes:     $(get saved_crashes) (out/afl-$t/default/crashes)"
  echo "hangs:       $(get saved_hangs) (> 1 s, out/afl-$t/default/hangs)"
  echo "corpus:      $(get corpus_count), coverage $(get bitmap_cvg)"
  crashes=$((crashes + $(get saved_crashes)))
done
[ "$crashes" -eq 0 ] || status=1
exit "$status"
