#!/usr/bin/env bash
# Runs one benchmark scenario on a throwaway PostgreSQL (durable defaults: fsync and synchronous commit on),
# writes the raw figures to load-tests/results/<scenario>.json and its table into README.md between the
# scenario's benchmark markers. Extra arguments go to the scenario (e.g. --scale 0.1 for a quick look).
#
#   load-tests/run-benchmark.sh eventstore
#   load-tests/run-benchmark.sh pricing [--scale 0.1]
#   load-tests/run-benchmark.sh d90 [--scale 0.1]
#   load-tests/run-benchmark.sh live [--watchers 5000]
#   load-tests/run-benchmark.sh votes [--scale 0.1]
#   load-tests/run-benchmark.sh contest [--scale 0.1]
#   load-tests/run-benchmark.sh faults [--scale 0.02]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
# shellcheck source=load-tests/bench-env.sh
source load-tests/bench-env.sh

scenario=${1:?usage: load-tests/run-benchmark.sh <eventstore|pricing|d90|live|faults|votes|contest> [scenario options]}
shift

require_dotnet
pg_find_binaries
pg_start_throwaway
pg_create_database cocreation_bench
# The API settings the HTTP scenarios start the API with (and mint tokens with): fresh keys per run.
bench_export_api_settings cocreation_bench cocreation_bench
# The faults scenario stops and starts this throwaway cluster through scripts/postgres.sh.
export COCREATION_PG_CLUSTER="$PG_DIR $PG_PORT"

log "Building the API, the CLI and the load generator (Release)"
for project in src/CoCreation.Api src/CoCreation.Cli load-tests/CoCreation.LoadTests; do
  dotnet build -c Release "$project" -v quiet -nologo >/dev/null
done
extra=()
if [[ $scenario == d90 ]]; then
  # The d90 table compares with pgbench (shipped with PostgreSQL) and wrk on a bare endpoint, measured right after.
  command -v wrk >/dev/null || apt_install wrk || warn "wrk could not be installed; the HTTP ceiling stays empty."
  extra+=(--baselines)
fi
dotnet run -c Release --no-build --project load-tests/CoCreation.LoadTests -- "$scenario" \
  --out "load-tests/results/$scenario.json" "${extra[@]}" "$@"

SCENARIO=$scenario python3 - <<'PY'
import os, pathlib, re
scenario = os.environ["SCENARIO"]
readme = pathlib.Path("README.md")
table = pathlib.Path(f"load-tests/results/{scenario}.md").read_text().strip()
text = readme.read_text()
start, end = f"<!-- benchmark:{scenario}:start -->", f"<!-- benchmark:{scenario}:end -->"
block = f"{start}\n{table}\n{end}"
if start in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
else:
    text = text.replace("## Benchmarks\n", f"## Benchmarks\n\n{block}\n", 1)
readme.write_text(text)
PY
log "README.md benchmark table updated from load-tests/results/$scenario.md"
