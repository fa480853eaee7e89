#!/usr/bin/env bash
# Runs all tests against a throwaway PostgreSQL; see scripts/test.sh.
exec "$(dirname "$0")/scripts/test.sh" "$@"
