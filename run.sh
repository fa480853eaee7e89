#!/usr/bin/env bash
# Runs the API with demo settings against the project's own PostgreSQL; see scripts/run.sh.
exec "$(dirname "$0")/scripts/run.sh" "$@"
