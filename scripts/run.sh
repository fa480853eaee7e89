#!/usr/bin/env bash
# Runs the CoCreation API against the project's own PostgreSQL, with demo settings.
#
#   ./run.sh          start PostgreSQL (kept in .data/postgres), build, run the API in the foreground
#   ./run.sh stop     stop PostgreSQL (its data stays)
#   ./run.sh status   say whether PostgreSQL runs
#
# Environment: COCREATION_PORT (API port, default 5080), COCREATION_PG_PORT (PostgreSQL port,
# default 55400). Secrets are generated on the first run into .data/demo.env and reused after;
# `source .data/demo.env` gives a shell (and the CLI) the same settings as the API.
set -euo pipefail

# shellcheck source=scripts/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"

DEMO_ENV="$COCREATION_ROOT/.data/demo.env"
API_PORT=${COCREATION_PORT:-5080}
API_URL="http://127.0.0.1:$API_PORT"
CAMPAIGN=d90

# Writes .data/demo.env: keys from an earlier run are kept, missing ones generated, and the
# connection string follows the port PostgreSQL runs on now.
write_demo_env() {
  local admin_key="" host_key="" signing_key="" pseudonym_key="" overlay_key=""
  if [[ -f "$DEMO_ENV" ]]; then
    admin_key=$(demo_env_value Auth__AdminKeys__0)
    host_key=$(demo_env_value Auth__HostKeys__0)
    signing_key=$(demo_env_value Auth__OneId__SigningKey)
    pseudonym_key=$(demo_env_value Pseudonym__Key)
    overlay_key=$(demo_env_value Live__OverlayTokenKey)
  fi
  [[ -n "$admin_key" ]] || admin_key="admin-$(random_hex 16)"
  [[ -n "$host_key" ]] || host_key="host-$(random_hex 16)"
  [[ -n "$signing_key" ]] || signing_key=$(random_hex 32)
  [[ -n "$pseudonym_key" ]] || pseudonym_key=$(random_hex 32)
  [[ -n "$overlay_key" ]] || overlay_key=$(random_hex 32)

  local previous_umask
  previous_umask=$(umask)
  umask 077
  cat >"$DEMO_ENV.tmp" <<EOF
# CoCreation demo settings, written by ./run.sh (keys are generated once and kept).
# Use them in a shell with:  source .data/demo.env
export ConnectionStrings__CoCreation='$(pg_connection_string cocreation)'
export EventStore__Schema='cocreation'
export Auth__AdminKeys__0='$admin_key'
export Auth__HostKeys__0='$host_key'
export Auth__OneId__Issuer='https://oneid.demo.cocreation.local'
export Auth__OneId__SigningKey='$signing_key'
export Pseudonym__Key='$pseudonym_key'
export Live__OverlayTokenKey='$overlay_key'
export Demo__Seed='true'
EOF
  umask "$previous_umask"
  mv "$DEMO_ENV.tmp" "$DEMO_ENV"
}

# The value of one `export NAME='value'` line of demo.env (read, never executed).
demo_env_value() {
  sed -n "s/^export $1='\(.*\)'\$/\1/p" "$DEMO_ENV" | tail -n 1
}

# The settings come from .data/demo.env, sourced by run_api.
# shellcheck disable=SC2154
print_banner() {
  cat <<EOF

  CoCreation is starting on $API_URL   (Ctrl-C stops it; PostgreSQL keeps running)

  API             $API_URL/
  OpenAPI         $API_URL/openapi/v1.json
  Health          $API_URL/health/live   $API_URL/health/ready
  Demo campaign   $API_URL/api/campaigns/$CAMPAIGN
  Live stats      $API_URL/api/campaigns/$CAMPAIGN/pricing/d90-2.0t-4wd/stats   (chart: …/chart.svg)
                  $API_URL/api/campaigns/$CAMPAIGN/pricing/d90-2.0t-2wd-psm/stats   (Van Westendorp)
  Projections     curl -H 'Authorization: Bearer $Auth__AdminKeys__0' $API_URL/api/admin/projections
  Live hub        $API_URL/hubs/live   (scene: $API_URL/api/campaigns/$CAMPAIGN/scene)
  Pages           $API_URL/c/$CAMPAIGN (participants)   $API_URL/host/$CAMPAIGN (host console, host key)
                  $API_URL/overlay/$CAMPAIGN?token=<overlay token> (OBS browser source, 1920×1080)
  Overlay token   curl -H 'Authorization: Bearer $Auth__AdminKeys__0' $API_URL/api/campaigns/$CAMPAIGN/overlay-token

  Admin key       $Auth__AdminKeys__0
  Host key        $Auth__HostKeys__0
  PostgreSQL      $ConnectionStrings__CoCreation   (data in $PG_DIR)

  Participant token (same settings as the API):
    source .data/demo.env && TOKEN=\$(dotnet run --project src/CoCreation.Cli -- token --sub demo-user-1 --channel app)
  Submit a price with it:
    curl -X POST -H "Authorization: Bearer \$TOKEN" -H "Idempotency-Key: \$(cat /proc/sys/kernel/random/uuid)" \\
         -H 'Content-Type: application/json' -d '{"price": 159900}' $API_URL/api/campaigns/$CAMPAIGN/pricing/d90-2.0t-4wd/submissions

  Stop PostgreSQL:  ./run.sh stop

EOF
}

run_api() {
  require_dotnet
  pg_start_persistent
  pg_create_database cocreation
  write_demo_env
  set -a
  # shellcheck source=/dev/null
  source "$DEMO_ENV"
  set +a

  log "Building (Release)"
  (cd "$COCREATION_ROOT" && dotnet build src/CoCreation.Api -c Release -nologo -v quiet)

  print_banner
  cd "$COCREATION_ROOT"
  exec dotnet run -c Release --no-build --no-launch-profile --project src/CoCreation.Api -- --urls "$API_URL"
}

case "${1:-run}" in
  run | start) run_api ;;
  stop) pg_stop_persistent ;;
  status) pg_main status ;;
  *) die "usage: ./run.sh [run|stop|status]" ;;
esac
