#!/usr/bin/env bash
# Compares commits on the d90 burst, run alternately (A B A B …) so that a machine that gets busier or quieter
# during the comparison weighs on both: each commit is checked out into .data/ab/<commit> and built (Release), and
# each run gets a throwaway PostgreSQL of its own. Prints one line per run; raw results go to .data/ab/results/.
#
#   load-tests/ab-d90.sh [--scale 0.2] [--rounds 2] <commit> <commit> …
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
# shellcheck source=load-tests/bench-env.sh
source load-tests/bench-env.sh

scale=0.2 rounds=2 commits=()
while (( $# )); do
  case $1 in
    --scale) scale=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) commits+=("$1"); shift ;;
  esac
done
(( ${#commits[@]} >= 2 )) || die "usage: load-tests/ab-d90.sh [--scale 0.2] [--rounds 2] <commit> <commit> …"

require_dotnet
pg_find_binaries
mkdir -p .data/ab/results
trees=()
for commit in "${commits[@]}"; do
  sha=$(git rev-parse --short "$commit^{commit}")
  tree="$root/.data/ab/$sha"
  [[ -d $tree ]] || git worktree add --detach "$tree" "$sha" >/dev/null
  log "Building $sha ($commit) in $tree"
  for project in src/CoCreation.Api load-tests/CoCreation.LoadTests; do
    (cd "$tree" && dotnet build -c Release "$project" -v quiet -nologo >/dev/null)
  done
  trees+=("$tree")
done

for round in $(seq 1 "$rounds"); do
  for tree in "${trees[@]}"; do
    sha=$(basename "$tree")
    pg_start_throwaway >/dev/null
    pg_create_database cocreation_ab >/dev/null
    bench_export_api_settings cocreation_ab cocreation_ab
    out=".data/ab/results/d90-$sha-round$round.json"
    (cd "$tree" && dotnet run -c Release --no-build --project load-tests/CoCreation.LoadTests -- d90 --scale "$scale" --out "$root/$out" \
      >"$root/.data/ab/results/d90-$sha-round$round.log" 2>&1) || warn "$sha round $round: the run failed or did not verify"
    python3 - "$out" "$sha" "$round" <<'PY'
import json, sys
path, sha, round_ = sys.argv[1:]
try:
    r = json.load(open(path))
except (OSError, ValueError):
    print(f"round {round_}  {sha}  no result"); sys.exit()
l = r["latencyMs"]
print(f"round {round_}  {sha}  {r['acknowledgedPerSecond']:>6,.0f} acknowledged/s (peak {r['peakAcknowledgedPerSecond']:,.0f})  "
      f"p50 {l['p50']:.1f} ms  p99 {l['p99']:.1f} ms  API CPU {r['serverCpuPercent']}%  verified {'yes' if r['verified'] else 'NO'}")
PY
    pg_teardown_throwaway >/dev/null
  done
done
