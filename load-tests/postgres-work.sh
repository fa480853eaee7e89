#!/usr/bin/env bash
# Measures where PostgreSQL spends its work during a small D90 burst (or the pricing scenario, whose CSV import is
# the bulk of its writes): per statement (pg_stat_statements: calls, rows, shared blocks, WAL, execution time) and
# the server's CPU ticks from /proc, both per 1,000 acknowledged submissions (pricing: per 1,000 rows of the file).
# Work, not wall-clock time, so the figures hold on a machine shared with other jobs. The README tables are left
# alone; the report goes to stdout and to load-tests/results/postgres-work-<scenario>.md.
#
#   load-tests/postgres-work.sh [d90|pricing] [--scale 0.01]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
# shellcheck source=load-tests/bench-env.sh
source load-tests/bench-env.sh

scenario=d90
if [[ ${1:-} == d90 || ${1:-} == pricing ]]; then scenario=$1; shift; fi

require_dotnet
pg_find_binaries
pg_start_throwaway
cat >>"$PG_DIR/data/postgresql.conf" <<'EOF'
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
pg_stat_statements.max = 5000
pg_stat_statements.track_planning = on
EOF
pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -o "-p $PG_PORT" -w -t 60 restart >/dev/null
pg_wait_ready "$PG_PORT"
pg_create_database cocreation_bench
psql_bench() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d cocreation_bench "$@"; }
psql_bench -c "create extension pg_stat_statements"

bench_export_api_settings cocreation_bench cocreation_bench

log "Building the API, the CLI and the load generator (Release)"
for project in src/CoCreation.Api src/CoCreation.Cli load-tests/CoCreation.LoadTests; do
  dotnet build -c Release "$project" -v quiet -nologo >/dev/null
done

# User and system ticks of the postmaster, its live children, and the children it has reaped (backends of closed
# connections), so a backend that exits during the run still counts.
postgres_ticks() {
  local postmaster total=0 pid
  postmaster=$(head -n 1 "$PG_DIR/data/postmaster.pid")
  read -r -a f < <(sed 's/^.*) //' "/proc/$postmaster/stat")
  total=$(( f[11] + f[12] + f[13] + f[14] ))
  for pid in $(pgrep -P "$postmaster"); do
    if read -r -a f < <(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null); then total=$(( total + f[11] + f[12] )); fi
  done
  echo "$total"
}

out=$(mktemp -d)
psql_bench -c "select pg_stat_statements_reset()" >/dev/null
before=$(postgres_ticks)
dotnet run -c Release --no-build --project load-tests/CoCreation.LoadTests -- "$scenario" --out "$out/$scenario.json" "$@"
after=$(postgres_ticks)
if [[ $scenario == d90 ]]; then
  acknowledged=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['acknowledged'])" "$out/d90.json")
  what="a D90 burst of $acknowledged acknowledged submissions (setup and verification included"
else
  acknowledged=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['ingest']['rows'])" "$out/pricing.json")
  what="the pricing scenario, whose import, re-run and exports cover $acknowledged rows (per 1,000 rows"
fi

report=load-tests/results/postgres-work-$scenario.md
{
  echo "PostgreSQL work during $what;"
  echo "$(getconf CLK_TCK) ticks a second); measured $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "PostgreSQL CPU: $(( after - before )) ticks in all, $(python3 -c "print(round(($after - $before) * 1000 / $acknowledged, 1))") ticks per 1,000 acknowledged."
  echo
  psql_bench -A -F '|' -P footer=off -c "
    with s as (
      select regexp_replace(left(query, 110), '\s+', ' ', 'g') as statement, calls, rows, shared_blks_hit, shared_blks_read,
             shared_blks_dirtied, total_exec_time, total_plan_time, wal_bytes
      from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()))
    select statement,
           round(calls * 1000.0 / $acknowledged, 1) as calls_per_1k,
           round(rows * 1000.0 / $acknowledged, 1) as rows_per_1k,
           round((shared_blks_hit + shared_blks_read) * 1000.0 / $acknowledged, 1) as blocks_per_1k,
           round(shared_blks_dirtied * 1000.0 / $acknowledged, 1) as dirtied_per_1k,
           round((wal_bytes * 1000.0 / $acknowledged / 1024)::numeric, 1) as wal_kb_per_1k,
           round((total_exec_time * 1000.0 / $acknowledged)::numeric, 1) as exec_ms_per_1k,
           round((total_plan_time * 1000.0 / $acknowledged)::numeric, 1) as plan_ms_per_1k
    from s order by total_exec_time + total_plan_time desc limit 40" | sed 's/^/| /; s/$/ |/; s/|/ | /g; 2i| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |' | sed 's/  */ /g'
  echo
  psql_bench -A -t -c "
    select 'all statements: ' || round(sum(calls) * 1000.0 / $acknowledged) || ' calls, '
           || round(sum(shared_blks_hit + shared_blks_read) * 1000.0 / $acknowledged) || ' blocks, '
           || round((sum(wal_bytes) * 1000.0 / $acknowledged / 1024)::numeric) || ' kB WAL, '
           || round((sum(total_exec_time) * 1000.0 / $acknowledged)::numeric) || ' ms execution, '
           || round((sum(total_plan_time) * 1000.0 / $acknowledged)::numeric) || ' ms planning per 1,000 acknowledged'
    from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())"
} | tee "$report"
log "Report in $report"
