#!/usr/bin/env bash
# Where the API spends its CPU during a D90 burst: runs the d90 scenario at a small scale on a throwaway
# PostgreSQL, samples the API process with Linux perf (JIT frames named through the runtime's perf map) while
# the burst runs, and prints the hottest frames, by self time and by inclusive time. Needs root (perf).
# The folded stacks are written beside the report, for flame graph tools (speedscope, inferno, flamegraph.pl).
# With --counters, dotnet-counters records the runtime's counters instead (GC collections by generation, time
# paused, bytes allocated, heap sizes, thread pool, lock contention) and the summary divides them by the
# submissions acknowledged meanwhile. Nothing in README.md or load-tests/results changes.
#
#   load-tests/profile-api.sh [--scale 0.2] [--skip 20] [--seconds 30] [--top 40] [--counters]
#
# --skip waits that many seconds into the burst first, so tiered JIT compilation is over.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
# shellcheck source=load-tests/bench-env.sh
source load-tests/bench-env.sh

scale=0.2 skip=20 seconds=30 top=40 counters=no
while (( $# )); do
  case $1 in
    --counters) counters=yes; shift ;;
    --scale) scale=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --skip) skip=$2; shift 2 ;;
    --top) top=$2; shift 2 ;;
    *) die "unknown option $1 (expected --scale, --skip, --seconds, --top, --counters)" ;;
  esac
done

if [[ $counters == yes ]]; then
  dotnet_counters=$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")
  [[ -x $dotnet_counters ]] || dotnet tool install -g dotnet-counters >/dev/null || die "dotnet-counters could not be installed"
else
  command -v perf >/dev/null || apt_install linux-perf || die "perf is not installed and could not be installed"
fi
require_dotnet
pg_find_binaries
pg_start_throwaway
pg_create_database cocreation_profile
bench_export_api_settings cocreation_profile cocreation_profile
log "Building the API and the load generator (Release)"
for project in src/CoCreation.Api load-tests/CoCreation.LoadTests; do
  dotnet build -c Release "$project" -v quiet -nologo >/dev/null
done

out=$(mktemp -d /tmp/cocreation-profile.XXXXXX)
# Events appended so far (the burst's submissions are nearly all of them).
acknowledged_so_far() {
  "$PG_BIN/psql" -X -A -t -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d cocreation_profile \
    -c "select coalesce(max(seq_id), 0) from cocreation_profile.events"
}
# The runtime writes /tmp/perf-<pid>.map, through which perf names JIT-compiled frames; without W^X the code is
# mapped once, at the addresses the map gives (double-mapped code shows as "memfd:doublemapper").
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
dotnet run -c Release --no-build --project load-tests/CoCreation.LoadTests -- d90 --scale "$scale" --out "$out/d90.json" \
  >"$out/loadgen.log" 2>&1 &
loadgen=$!

# The API is the loadgen's child; wait for it and for the burst to get going (the setup mints tokens first).
api=""
for _ in $(seq 1 600); do
  api=$(pgrep -f 'CoCreation.Api.dll' | head -1 || true)
  [[ -n $api ]] && break
  sleep 0.2
done
[[ -n $api ]] || die "the API did not start; see $out/loadgen.log"
until grep -q 'submissions from' "$out/loadgen.log" 2>/dev/null || ! kill -0 "$loadgen" 2>/dev/null; do sleep 0.5; done
sleep "$skip"
if [[ $counters == yes ]]; then
  log "Recording the API's runtime counters (pid $api) for ${seconds}s"
  acknowledged_before=$(acknowledged_so_far)
  "$dotnet_counters" collect -p "$api" --format csv -o "$out/counters.csv" --refresh-interval 1 \
    --duration "$(printf '00:%02d:%02d' $((seconds / 60)) $((seconds % 60)))" --counters System.Runtime >/dev/null 2>&1 \
    || warn "dotnet-counters failed"
  acknowledged_after=$(acknowledged_so_far)
  wait "$loadgen" || warn "the load generator exited with $? (see $out/loadgen.log)"
  python3 load-tests/summarise-counters.py "$out/counters.csv" $(( acknowledged_after - acknowledged_before ))
  log "Counters: $out/counters.csv; load generator output: $out/loadgen.log"
  exit 0
fi
log "Sampling the API (pid $api) for ${seconds}s"
perf record -F 499 -g -p "$api" -o "$out/perf.data" -- sleep "$seconds" >/dev/null 2>&1 || warn "perf record failed"
wait "$loadgen" || warn "the load generator exited with $? (see $out/loadgen.log)"

perf script -i "$out/perf.data" 2>/dev/null | python3 load-tests/fold-stacks.py --top "$top" --folded "$out/folded.txt"
log "Folded stacks: $out/folded.txt; load generator output: $out/loadgen.log"
