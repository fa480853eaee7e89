#!/usr/bin/env bash
# PostgreSQL clusters for development and tests, owned by the project rather than the machine.
#
#   scripts/postgres.sh start     start (creating on first use) the persistent cluster in .data/postgres
#   scripts/postgres.sh stop      stop it (its data stays for the next start)
#   scripts/postgres.sh status    say whether it runs, where, and on which port
#   scripts/postgres.sh psql [db] open psql on it (database cocreation by default)
#
# Sourced, it defines pg_start_persistent, pg_start_throwaway, pg_create_database and friends
# for run.sh and test.sh. Each sets PG_DIR and PG_PORT for the cluster it started.
#
# The server never runs as root: as root we run it as the 'postgres' user that Debian's package
# creates; as anyone else, as that user. It listens on 127.0.0.1 only, with trust authentication
# for the role 'cocreation', and keeps PostgreSQL's durable defaults (fsync and synchronous
# commit on): the tests check what an acknowledged write means.
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PG_ROLE=cocreation
PG_DEFAULT_PORT=55400

# Sets PG_BIN to the newest PostgreSQL server binaries, installing Debian's package when none are
# there. With a version argument, that version's binaries win when present (an existing cluster
# can only be started by the major version that created it).
pg_find_binaries() {
  local wanted=${1:-}
  if [[ -n "$wanted" && -x "/usr/lib/postgresql/$wanted/bin/postgres" ]]; then
    PG_BIN="/usr/lib/postgresql/$wanted/bin"
    return
  fi
  local found
  found=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$found" ]]; then
    apt_install postgresql || die "could not install PostgreSQL; install the Debian package 'postgresql' and retry."
    found=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' | sort -V | tail -n 1)
    [[ -n "$found" ]] || die "PostgreSQL was installed but no server binaries are in /usr/lib/postgresql/*/bin."
  fi
  PG_BIN=$(dirname "$found")
  if [[ -n "$wanted" && "$PG_BIN" != "/usr/lib/postgresql/$wanted/bin" ]]; then
    die "this cluster was made by PostgreSQL $wanted, whose binaries are gone (found $PG_BIN); remove its folder to start afresh."
  fi
}

# Runs a command as the user that owns the clusters, from a folder that user can enter.
pg_run() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Prints the folder that holds the clusters: .data in the repository, or, when the server's user
# cannot reach it (a repository under /root, say), a folder of our own under /tmp.
pg_base_dir() {
  local base="$COCREATION_ROOT/.data"
  mkdir -p "$base"
  if is_root; then
    getent passwd postgres >/dev/null || die "the 'postgres' user does not exist; reinstall the Debian package 'postgresql'."
    chmod a+x "$base"
    if ! pg_run test -x "$base"; then
      local top
      top="/tmp/cocreation-pg-$(id -u)"
      base="$top/$(printf '%s' "$COCREATION_ROOT" | cksum | cut -d' ' -f1)"
      mkdir -p "$base"
      [[ -O "$top" && -O "$base" ]] || die "$top exists but is not ours; remove it and retry."
      chmod 755 "$top" "$base"
      log "The postgres user cannot reach $COCREATION_ROOT/.data; clusters live in $base instead."
    fi
  fi
  printf '%s\n' "$base"
}

# Gives the cluster folder $1 to the server's user and creates the cluster in it unless it exists.
pg_init_cluster() {
  local dir=$1
  mkdir -p "$dir"
  chmod 700 "$dir"
  if is_root; then chown postgres:postgres "$dir"; fi
  if [[ -f "$dir/data/PG_VERSION" ]]; then
    pg_find_binaries "$(cat "$dir/data/PG_VERSION")"
    return
  fi
  pg_find_binaries
  local output
  if ! output=$(pg_run "$PG_BIN/initdb" -D "$dir/data" --auth=trust -U "$PG_ROLE" -E UTF8 --no-locale 2>&1); then
    printf '%s\n' "$output" >&2
    die "initdb failed in $dir/data"
  fi
  # The socket lives beside the data, unless the path would pass the 107-byte limit of a socket
  # address; then TCP on 127.0.0.1 is the only way in, which is all the project uses anyway.
  local sockets="$dir"
  if (( ${#dir} > 90 )); then sockets=""; fi
  cat >>"$dir/data/postgresql.conf" <<EOF

# Added by scripts/postgres.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '${sockets//\'/\'\'}'
max_connections = 300
EOF
}

pg_is_running() {
  [[ -f "$1/data/postmaster.pid" ]] && pg_run "$PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

# The port a running cluster listens on (line 4 of postmaster.pid).
pg_running_port() {
  sed -n 4p "$1/data/postmaster.pid"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Starts the cluster in $1 on port $2; returns non-zero (after showing its log) when it fails.
pg_start_cluster() {
  local dir=$1 port=$2
  if ! pg_run "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "-p $port" -w -t 60 start >/dev/null; then
    warn "PostgreSQL did not start; the end of $dir/postgres.log:"
    tail -n 20 "$dir/postgres.log" >&2 || true
    return 1
  fi
  pg_wait_ready "$port"
}

pg_wait_ready() {
  local port=$1 tries=0
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$PG_ROLE" -d postgres; do
    (( ++tries < 120 )) || die "PostgreSQL on port $port did not become ready within 60 seconds."
    sleep 0.5
  done
}

# Starts the project's long-lived cluster (data kept between runs) and sets PG_DIR and PG_PORT.
pg_start_persistent() {
  PG_DIR="$(pg_base_dir)/postgres"
  PG_PORT=${COCREATION_PG_PORT:-$PG_DEFAULT_PORT}
  pg_init_cluster "$PG_DIR"
  if pg_is_running "$PG_DIR"; then
    local running
    running=$(pg_running_port "$PG_DIR")
    if [[ "$running" != "$PG_PORT" ]]; then
      warn "the cluster already runs on port $running (not $PG_PORT); using it. './run.sh stop' to restart it elsewhere."
      PG_PORT=$running
    fi
    log "Using the running PostgreSQL in $PG_DIR on 127.0.0.1:$PG_PORT"
    pg_wait_ready "$PG_PORT"
    return
  fi
  if port_in_use "$PG_PORT"; then
    die "port $PG_PORT is taken by another program; choose another with COCREATION_PG_PORT=<port>."
  fi
  log "Starting PostgreSQL ($PG_BIN) in $PG_DIR on 127.0.0.1:$PG_PORT"
  pg_start_cluster "$PG_DIR" "$PG_PORT" || die "could not start PostgreSQL in $PG_DIR"
}

pg_stop_cluster() {
  local dir=$1
  if [[ -f "$dir/data/PG_VERSION" ]]; then
    pg_find_binaries "$(cat "$dir/data/PG_VERSION")"
    if pg_is_running "$dir"; then
      pg_run "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
      return 0
    fi
  fi
  return 1
}

pg_stop_persistent() {
  local dir
  dir="$(pg_base_dir)/postgres"
  if pg_stop_cluster "$dir"; then log "Stopped PostgreSQL in $dir"; else log "PostgreSQL in $dir is not running."; fi
}

# Starts a cluster in a fresh temporary folder on a free port, sets PG_DIR and PG_PORT, and
# arranges (through the EXIT trap, which it takes over) to stop and delete it when the shell exits.
pg_start_throwaway() {
  local base
  base=$(pg_base_dir)
  pg_remove_stale_throwaways "$base"
  PG_DIR=$(mktemp -d "$base/pg-test.XXXXXX")
  PG_THROWAWAY_DIR=$PG_DIR
  trap pg_teardown_throwaway EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  pg_init_cluster "$PG_DIR"
  local attempt
  for attempt in 1 2 3 4 5; do
    PG_PORT=$(( 20000 + RANDOM % 30000 ))
    port_in_use "$PG_PORT" && continue
    log "Starting a throwaway PostgreSQL ($PG_BIN) in $PG_DIR on 127.0.0.1:$PG_PORT"
    # Another program may take the port between our check and the server's bind: try another.
    pg_start_cluster "$PG_DIR" "$PG_PORT" && return 0
    warn "attempt $attempt failed; trying another port."
  done
  die "could not start a throwaway PostgreSQL."
}

pg_teardown_throwaway() {
  local dir=${PG_THROWAWAY_DIR:-}
  [[ -n "$dir" && -d "$dir" ]] || return 0
  pg_stop_cluster "$dir" || true
  rm -rf "$dir"
  log "Removed the throwaway PostgreSQL in $dir"
  PG_THROWAWAY_DIR=
}

# Throwaway clusters left by a run that was killed outright (no trap runs on SIGKILL).
pg_remove_stale_throwaways() {
  local dir
  while IFS= read -r dir; do
    if [[ -f "$dir/data/PG_VERSION" ]]; then
      pg_find_binaries "$(cat "$dir/data/PG_VERSION")"
      pg_is_running "$dir" && continue
    fi
    rm -rf "$dir"
  done < <(find "$1" -mindepth 1 -maxdepth 1 -type d -name 'pg-test.*' -mmin +60 2>/dev/null)
}

pg_create_database() {
  local database=$1 exists
  exists=$("$PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d postgres \
    -c "select 1 from pg_database where datname = '${database//\'/\'\'}'")
  if [[ "$exists" != 1 ]]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" "$database"
    log "Created database $database"
  fi
}

pg_connection_string() {
  printf 'Host=127.0.0.1;Port=%s;Username=%s;Database=%s' "$PG_PORT" "$PG_ROLE" "$1"
}

pg_main() {
  local command=${1:-status}
  case "$command" in
    start)
      pg_start_persistent
      pg_create_database cocreation
      log "Running: $(pg_connection_string cocreation)"
      ;;
    stop)
      pg_stop_persistent
      ;;
    status)
      PG_DIR="$(pg_base_dir)/postgres"
      if [[ -f "$PG_DIR/data/PG_VERSION" ]]; then
        pg_find_binaries "$(cat "$PG_DIR/data/PG_VERSION")"
        if pg_is_running "$PG_DIR"; then
          PG_PORT=$(pg_running_port "$PG_DIR")
          echo "running in $PG_DIR: $(pg_connection_string cocreation)"
          return 0
        fi
      fi
      echo "not running (data folder: $PG_DIR)"
      return 3
      ;;
    stop-cluster)
      # Fault injection: stop a cluster as a crash would (immediate mode: no checkpoint, clients cut off).
      local dir=${2:?usage: $0 stop-cluster <dir>}
      pg_find_binaries "$(cat "$dir/data/PG_VERSION")"
      pg_run "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null
      ;;
    start-cluster)
      local dir=${2:?usage: $0 start-cluster <dir> <port>} port=${3:?usage: $0 start-cluster <dir> <port>}
      pg_find_binaries "$(cat "$dir/data/PG_VERSION")"
      pg_start_cluster "$dir" "$port"
      ;;
    psql)
      pg_start_persistent
      exec "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d "${2:-cocreation}"
      ;;
    *)
      die "usage: $0 start|stop|status|psql [database]|stop-cluster <dir>|start-cluster <dir> <port>"
      ;;
  esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  pg_main "$@"
fi
