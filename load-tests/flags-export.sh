#!/usr/bin/env bash
# What the abuse flags cost the raw export: D90-shaped answers (every one with a dwell and a network, some in bursts)
# written straight into a throwaway log, then the raw CSV export timed through the API, and the export's query
# before flags and with them timed in PostgreSQL alone.
#   load-tests/flags-export.sh [people]     (default 100000; 660899 for the D90 size)
# With FLAGS_BENCH_BASELINE=<CoCreation.Api.dll of a build without flags>, the same export is timed through it too.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
# shellcheck source=load-tests/bench-env.sh
source load-tests/bench-env.sh

people=${1:-100000}
require_dotnet
pg_find_binaries
pg_start_throwaway
pg_create_database cocreation_bench
bench_export_api_settings cocreation_bench flags_bench
export Logging__LogLevel__Default=Warning
psql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d cocreation_bench -v ON_ERROR_STOP=1 -qAt "$@"; }

dotnet build -c Release src/CoCreation.Api -v quiet -nologo >/dev/null
port=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
start_api() {
  dotnet "$1" --urls "http://127.0.0.1:$port" >/tmp/flags-export-api.log 2>&1 &
  api=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.5; done
}
wait_ready() {
  for _ in $(seq 1 600); do
    [[ $(curl -s "http://127.0.0.1:$port/health/ready" -o /dev/null -w '%{http_code}') == 200 ]] && break; sleep 1
  done
}
api=
trap '[[ -n $api ]] && kill $api 2>/dev/null; pg_teardown_throwaway' EXIT
start_api src/CoCreation.Api/bin/Release/net10.0/CoCreation.Api.dll
admin=(-H "Authorization: Bearer $Auth__AdminKeys__0" -H 'Content-Type: application/json')
curl -fs "${admin[@]}" -X PUT "http://127.0.0.1:$port/api/campaigns/bench" -d '{"name":"bench"}' >/dev/null
curl -fs "${admin[@]}" -X PUT "http://127.0.0.1:$port/api/campaigns/bench/pricing/d90" \
  -d '{"name":"D90","currency":"CNY","min":100000,"max":400000,"step":100,"mode":"direct"}' >/dev/null

log "Writing D90-shaped answers of $people people into the log"
psql <<SQL
create temp table people as
  select pid, 1 + (random() * 3.2)::int as subs,
    -- 98% answer from one of 50,000 networks over the hour; 2% are bot farms of 40 accounts on one /24, each farm
    -- giving one price within half a minute.
    case when g % 50 <> 0 then md5('net' || (random() * 50000)::int) else md5('farm' || (g / 2000)) end as network,
    case when g % 50 <> 0 then null else 250000 end as farm_price,
    case when g % 50 <> 0 then null else (g / 2000) * interval '1 minute' end as farm_at
  from (select g, gen_random_uuid() as pid from generate_series(1, $people) g) p;
insert into flags_bench.streams (id, type, version)
  select 'price/bench/d90/' || replace(pid::text, '-', ''), 'price-submission', subs from people;
insert into flags_bench.events (seq_id, id, stream_id, version, type, data, timestamp, actor)
  select nextval('flags_bench.events_seq'), gen_random_uuid(), 'price/bench/d90/' || replace(pid::text, '-', ''), v, 'price-submitted',
    jsonb_build_object('campaignId', 'bench', 'itemId', 'd90', 'participantId', pid, 'channel', 'app',
      'price', coalesce(farm_price, 100000 + (random() * 3000)::int * 100), 'region', null, 'ageBand', null,
      'dwellMs', (random() * 30000)::int, 'network', network),
    now() - interval '1 hour' + coalesce(farm_at + random() * interval '30 s', random() * interval '1 hour'), 'participant:bench'
  from people, generate_series(1, subs) v;
analyze flags_bench.events;
SQL
events=$(psql -c "select count(*) from flags_bench.events where type = 'price-submitted'")
wait_ready
asof=$(psql -c "select max(seq_id) from flags_bench.events")

filter="stream_id like 'price/bench/d90/%' and type = 'price-submitted' and data->>'campaignId' = 'bench' and data->>'itemId' = 'd90' and seq_id <= $asof"
before="select seq_id, timestamp, data from (select distinct on (stream_id) seq_id, timestamp, data from flags_bench.events where $filter order by stream_id desc, version desc) c where seq_id > 0"
src="select seq_id, timestamp, data->>'network' collate \"C\" as network, concat_ws('|', data->>'price') collate \"C\" as answer from flags_bench.events where $filter"
# The two queries the export runs with flags (src/CoCreation.Api/Flags/BurstSql.cs, Pricing/Exporting/CurrentAnswers.cs).
bursts="with answers as materialized ($src), groups as (select network, answer from answers where network is not null group by 1, 2 having count(*) >= 20)
  select seq_id from (select seq_id, bool_or(n >= 20) over (partition by network, answer order by timestamp range between current row and interval '60 s' following) as hit
  from (select seq_id, timestamp, network, answer, count(*) over (partition by network, answer order by timestamp range between interval '60 s' preceding and current row) as n
  from answers join groups using (network, answer)) counted) w where hit"
after="select seq_id, timestamp, data, data->>'dwellMs', data->>'network', version - 1 from (select distinct on (stream_id) seq_id, version, timestamp, data from flags_bench.events where $filter order by stream_id desc, version desc) c where seq_id > 0"
timed() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
psql -c "copy ($before) to stdout" >/dev/null  # warm the cache
sql_before=$(timed psql -c "copy ($before) to stdout")
sql_bursts=$(timed psql -c "copy ($bursts) to stdout")
sql_after=$(echo "$sql_bursts + $(timed psql -c "copy ($after) to stdout")" | bc)
export_raw() { curl -fs -H "Authorization: Bearer $Auth__AdminKeys__0" -o /tmp/flags-export.csv "http://127.0.0.1:$port/api/campaigns/bench/pricing/d90/export?kind=raw&asOf=$asof"; }
export_raw  # the first run also compiles the code path
raw=$(timed export_raw)
rows=$(( $(wc -l </tmp/flags-export.csv) - 1 ))
flagged=$(grep -c 'burst' /tmp/flags-export.csv || true)
baseline_line=
if [[ -n ${FLAGS_BENCH_BASELINE:-} ]]; then
  kill $api; wait $api 2>/dev/null || true
  start_api "$FLAGS_BENCH_BASELINE"
  wait_ready
  export_raw
  baseline=$(timed export_raw)
  baseline_rows=$(( $(wc -l </tmp/flags-export.csv) - 1 ))
  baseline_line="- the same export through the build without flags: $baseline_rows rows in $(printf '%.2f' "$baseline") s = $(echo "$baseline_rows / $baseline" | bc) rows/s; with flags it takes $(echo "scale=2; $raw / $baseline" | bc)× as long"
fi
printf '%s\n' \
  "Raw export with flags, $people people, $events answers (every one with a dwell and a network), 2 cores; $(date -u '+%Y-%m-%d %H:%M') UTC:" \
  "- the export's query in PostgreSQL alone: before flags $(printf '%.2f' "$sql_before") s, with flags $(printf '%.2f' "$sql_after") s, of which the bursts $(printf '%.2f' "$sql_bursts") s ($(echo "scale=2; $sql_after / $sql_before" | bc)×)" \
  "- raw CSV export through the API: $rows rows in $(printf '%.2f' "$raw") s = $(echo "$rows / $raw" | bc) rows/s; $flagged rows flagged burst" \
  "$baseline_line"
