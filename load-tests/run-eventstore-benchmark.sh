#!/usr/bin/env bash
# Runs the event store benchmark on a throwaway PostgreSQL (durable defaults: fsync and synchronous
# commit on) and writes its table into README.md between the eventstore benchmark markers, and the
# raw figures to load-tests/results/eventstore.json. Extra arguments go to the scenario
# (e.g. --scale 0.1 for a quick look).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh

require_dotnet
pg_find_binaries
pg_start_throwaway
pg_create_database cocreation_bench
export ConnectionStrings__CoCreation
ConnectionStrings__CoCreation=$(pg_connection_string cocreation_bench)

log "Building the load generator (Release)"
dotnet build -c Release load-tests/CoCreation.LoadTests -v quiet -nologo >/dev/null
dotnet run -c Release --no-build --project load-tests/CoCreation.LoadTests -- eventstore \
  --out load-tests/results/eventstore.json "$@"

python3 - <<'PY'
import pathlib, re
readme = pathlib.Path("README.md")
table = pathlib.Path("load-tests/results/eventstore.md").read_text().strip()
text = readme.read_text()
start, end = "<!-- benchmark:eventstore:start -->", "<!-- benchmark:eventstore:end -->"
block = f"{start}\n{table}\n{end}"
if start in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
else:
    text = text.replace("## Benchmarks\n", f"## Benchmarks\n\n{block}\n", 1)
readme.write_text(text)
PY
log "README.md benchmark table updated from load-tests/results/eventstore.md"
