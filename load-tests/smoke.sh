#!/usr/bin/env bash
# A small run of the load generator's scenarios, for CI: the D90 burst, the fault injection, the votes and the contest at a tiny
# scale on a throwaway PostgreSQL, each verified as in a full run (every acknowledged submission in the log once,
# statistics equal to a recount or a tally; a non-zero exit otherwise). Figures are not compared with anything and README.md and
# load-tests/results stay as they are: the results go to a temporary folder.
#
#   load-tests/smoke.sh [--scale 0.002]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
# shellcheck source=load-tests/bench-env.sh
source load-tests/bench-env.sh

scale=${SMOKE_SCALE:-0.002}
while (( $# )); do
  case $1 in
    --scale) scale=$2; shift 2 ;;
    *) die "unknown option $1 (expected --scale)" ;;
  esac
done

require_dotnet
pg_find_binaries
pg_start_throwaway
pg_create_database cocreation_smoke
bench_export_api_settings cocreation_smoke cocreation_smoke
# The faults scenario stops and starts this throwaway cluster through scripts/postgres.sh.
export COCREATION_PG_CLUSTER="$PG_DIR $PG_PORT"

log "Building the API and the load generator (Release)"
for project in src/CoCreation.Api load-tests/CoCreation.LoadTests; do
  dotnet build -c Release "$project" -v quiet -nologo >/dev/null
done
out=$(mktemp -d)
trap 'rm -rf "$out"; pg_teardown_throwaway' EXIT
for scenario in d90 faults votes contest; do
  log "Load generator smoke: $scenario --scale $scale"
  dotnet run -c Release --no-build --project load-tests/CoCreation.LoadTests -- "$scenario" --scale "$scale" --out "$out/$scenario.json"
done
log "Load generator smoke passed"
