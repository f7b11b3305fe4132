#!/usr/bin/env bash
# Runs fuzz targets with a per-input time limit and an RSS/malloc limit: a slow or fat input is
# a finding (libFuzzer writes a timeout-*/oom-*/slow-unit-* artifact and stops), never a pass.
#
# Usage: fuzz/run.sh [TARGET|all] [SECONDS]      (defaults: all, 60 seconds per target)
#
#   TARGET   parse | c14n | verify | validate_response | signed_info | all
#   SECONDS  fuzzing time per target (-max_total_time)
#
# Environment (all optional):
#   TIMEOUT=1        per-input time limit, seconds (-timeout)
#   RSS_MB=512       RSS limit and single-allocation limit, MB (-rss_limit_mb, -malloc_limit_mb)
#   SLOW_SEC=1       report (and save as slow-unit-*) any input taking this many seconds or more
#                    that did not reach TIMEOUT (-report_slow_units; whole seconds)
#   FUZZ_ARGS=...    extra libFuzzer flags, e.g. "-seed=1 -only_ascii=1" (appended last)
#   NO_BUILD=1       do not build: run the binaries already in fuzz/target/<host>/release
#                    directly (cargo-fuzz 0.13 has no --no-build; `cargo fuzz run` always
#                    checks the build, which waits on the cargo lock while others build).
#                    They keep the sanitizer they were built with; SANITIZER is ignored.
#   REPLAY_ONLY=1    skip fuzzing: only replay the corpus and report (e.g. on an idle machine,
#                    for a steadier slowest-input time)
#   SANITIZER=address  cargo fuzz -s: address (the cargo-fuzz default) or none. ASan costs
#                    about 7x in time on these targets (the core is allocation-heavy and
#                    #![forbid(unsafe_code)]), so a TIMEOUT finding under ASan may be
#                    instrumentation overhead: replay it with SANITIZER=none to judge. Without a
#                    sanitizer libFuzzer cannot hook malloc, so -malloc_limit_mb is inert and
#                    only the RSS limit applies.
#   ASAN_OPTIONS     default quarantine_size_mb=64 (ASan's 256 MB quarantine of freed memory
#                    counts toward RSS and would eat half of a 512 MB limit)
#
# Per target it writes logs/<target>.log (the libFuzzer output) and logs/<target>.replay (the
# per-file replay timings), then prints one line:
#   <target>: runs=<n> cov=<n> ft=<n> corpus=<n> crashes=<n> slowest=<ms> ms
# where crashes counts the artifacts (crash-, timeout-, oom-, leak-, slow-unit-) this run wrote
# under artifacts/<target>/, and slowest is the largest "Executed <file> in N ms" when every
# file of the target's corpus (all its directories) is replayed, one file at a time, through
# the built binary under the same limits (100 files to a process; a failing batch is replayed
# one file per process).
# The exit status is non-zero when any target produced an artifact or failed to run.

set -uo pipefail

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$FUZZ_DIR" || exit 2

ALL_TARGETS=(parse c14n verify validate_response signed_info)
TARGET="${1:-all}"
SECONDS_PER_TARGET="${2:-60}"
TIMEOUT="${TIMEOUT:-1}"
RSS_MB="${RSS_MB:-512}"
SLOW_SEC="${SLOW_SEC:-1}"
FUZZ_ARGS="${FUZZ_ARGS:-}"
SANITIZER="${SANITIZER:-address}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=64}"

case "$TARGET" in
  all) TARGETS=("${ALL_TARGETS[@]}") ;;
  parse | c14n | verify | validate_response | signed_info) TARGETS=("$TARGET") ;;
  -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  *) echo "unknown target: $TARGET (one of: ${ALL_TARGETS[*]} all)" >&2; exit 2 ;;
esac
if ! [[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]]; then
  echo "SECONDS must be a whole number, got: $SECONDS_PER_TARGET" >&2
  exit 2
fi

HOST="$(rustc +nightly -vV | sed -n 's/^host: //p')"
BIN_DIR="$FUZZ_DIR/target/$HOST/release"
mkdir -p logs

# Seed corpora generated from the vectors and the signed fixtures.
if [[ ! -d corpus/validate_response || ! -d corpus/signed_info ]]; then
  python3 "$FUZZ_DIR/seed.py" || exit 2
fi

# The corpus directories of a target: the first receives new inputs, the others are read-only
# seeds.
corpus_dirs() {
  case "$1" in
    parse | verify) echo "corpus/$1 ../tests/dsig/signed corpus/validate_response" ;;
    c14n) echo "corpus/$1 ../tests/dsig/signed ../tests/dsig/c14n corpus/validate_response" ;;
    validate_response) echo "corpus/validate_response" ;;
    signed_info) echo "corpus/signed_info" ;;
  esac
}

max_len() {
  case "$1" in
    signed_info) echo 65536 ;;
    *) echo 1048576 ;;
  esac
}

# Runs files through the built fuzz binary under the same limits.
replay_files() {
  local target="$1"
  shift
  "$BIN_DIR/$target" "-timeout=$TIMEOUT" "-rss_limit_mb=$RSS_MB" "-malloc_limit_mb=$RSS_MB" "$@" 2>&1
}

summaries=()
status=0
sanitizer_label="$SANITIZER"
[[ -n "${NO_BUILD:-}" ]] && sanitizer_label="as built (NO_BUILD)"

for t in "${TARGETS[@]}"; do
  read -r -a dirs <<<"$(corpus_dirs "$t")"
  mkdir -p "${dirs[0]}" "artifacts/$t"
  flags=(
    "-max_total_time=$SECONDS_PER_TARGET"
    "-timeout=$TIMEOUT"
    "-rss_limit_mb=$RSS_MB"
    "-malloc_limit_mb=$RSS_MB"
    "-max_len=$(max_len "$t")"
    "-report_slow_units=$SLOW_SEC"
    "-print_final_stats=1"
  )
  [[ "$t" == signed_info ]] && flags+=("-dict=$FUZZ_DIR/dicts/xmldsig.dict")
  # shellcheck disable=SC2206
  [[ -n "$FUZZ_ARGS" ]] && flags+=($FUZZ_ARGS)

  log="logs/$t.log"
  marker="$(mktemp)"
  if [[ -n "${REPLAY_ONLY:-}" ]]; then
    # Only the replay below, over the existing corpus and the last run's log.
    rc=0
  else
  echo "== $t: ${SECONDS_PER_TARGET}s, timeout ${TIMEOUT}s, rss/malloc ${RSS_MB} MB," \
    "sanitizer ${sanitizer_label}, corpus ${dirs[*]}" >&2
  if [[ -n "${NO_BUILD:-}" ]]; then
    if [[ ! -x "$BIN_DIR/$t" ]]; then
      echo "NO_BUILD=1 but $BIN_DIR/$t is not built: run once without NO_BUILD" >&2
      summaries+=("$t: not built")
      echo "$t: not built"
      status=1
      rm -f "$marker"
      continue
    fi
    # What `cargo fuzz run` runs after building: the binary, the artifact prefix, the flags
    # and the corpus directories.
    "$BIN_DIR/$t" "-artifact_prefix=$FUZZ_DIR/artifacts/$t/" "${flags[@]}" "${dirs[@]}" \
      >"$log" 2>&1
  else
    cargo +nightly fuzz run -s "$SANITIZER" "$t" "${dirs[@]}" -- "${flags[@]}" >"$log" 2>&1
  fi
  rc=$?
  fi

  # Final stats (printed on normal exit and on crash/timeout/OOM alike).
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  status_line="$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)"
  cov="$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$status_line")"
  ft="$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$status_line")"
  corp="$(sed -nE 's/.*corp: ([0-9]+)\/.*/\1/p' <<<"$status_line")"
  mapfile -t found < <(find "artifacts/$t" -type f -newer "$marker" \
    \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' -o -name 'slow-unit-*' \) | sort)
  rm -f "$marker"
  crashes="${#found[@]}"

  # Slowest input: replay every corpus file, one process each, under the same limits.
  replay="logs/$t.replay"
  : >"$replay"
  slowest="n/a"
  if [[ -x "$BIN_DIR/$t" ]]; then
    # Files are run one at a time (libFuzzer times each and prints "Executed <file> in N
    # ms"), batched 100 to a process to save start-up time; a batch whose process fails is
    # replayed again one file per process, so every file gets a time or an error.
    mapfile -d '' -t files < <(find "${dirs[@]}" -type f -print0 2>/dev/null | sort -z)
    for ((i = 0; i < ${#files[@]}; i += 100)); do
      batch=("${files[@]:i:100}")
      # The batch's first file runs twice and its first time is dropped: a process's first
      # input pays for its warm-up (static initialisation, page faults), not for its content.
      if out="$(replay_files "$t" "${batch[0]}" "${batch[@]}")"; then
        grep -E '^Executed .* in [0-9]+ ms' <<<"$out" | tail -n +2 >>"$replay"
      else
        for f in "${batch[@]}"; do
          replay_files "$t" "$f" | grep -E '^Executed .* in [0-9]+ ms|ERROR|panicked' >>"$replay"
        done
      fi
    done
    slowest="$(sed -nE 's/^Executed .* in ([0-9]+) ms$/\1/p' "$replay" | sort -n | tail -1)"
    slowest_file="$(grep -E "^Executed .* in ${slowest:-x} ms$" "$replay" | head -1 | sed -E 's/^Executed (.*) in [0-9]+ ms$/\1/')"
    [[ -n "$slowest" ]] || slowest="n/a"
  fi

  line="$t: runs=${runs:-?} cov=${cov:-?} ft=${ft:-?} corpus=${corp:-?} crashes=$crashes slowest=$slowest ms"
  summaries+=("$line")
  echo "$line"
  [[ -n "${slowest_file:-}" ]] && echo "  slowest input: $slowest_file" >&2
  for a in "${found[@]}"; do echo "  finding: fuzz/$a" >&2; done
  if grep -q 'ERROR\|panicked' "$replay"; then
    echo "  replay errors: see fuzz/$replay" >&2
    status=1
  fi
  if [[ $rc -ne 0 || $crashes -ne 0 ]]; then
    [[ $crashes -eq 0 ]] && echo "  cargo fuzz run exited with $rc: see fuzz/$log" >&2
    status=1
  fi
  unset slowest_file
done

if [[ ${#TARGETS[@]} -gt 1 ]]; then
  echo "== summary"
  printf '%s\n' "${summaries[@]}"
fi
exit $status
