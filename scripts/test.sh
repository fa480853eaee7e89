#!/usr/bin/env bash
# Runs every test of the solution against a throwaway PostgreSQL, which is deleted afterwards.
#
#   ./test.sh                      all tests
#   ./test.sh --filter Category    extra arguments go to `dotnet test`
#
# With COCREATION_TEST_CONNECTION already set, tests use that server and no cluster is started.
# Browser tests drive Debian's Chromium (/usr/bin/chromium); it is installed when missing unless
# COCREATION_INSTALL_CHROMIUM=0 (with a CJK font for legible screenshots).
set -euo pipefail

# shellcheck source=scripts/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"

ensure_chromium() {
  [[ "${COCREATION_INSTALL_CHROMIUM:-1}" == 0 ]] && return 0
  [[ -x /usr/bin/chromium ]] || apt_install chromium || warn "could not install chromium; browser tests will fail."
  # A CJK font, so the Chinese labels in the overlay screenshots are legible (the tests pass without it).
  [[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || apt_install fonts-wqy-microhei || warn "could not install a CJK font."
}

# Adds up the per-assembly totals that `dotnet test` prints: the block under "Total tests: N"
# ("Passed: N", "Failed: N", "Skipped: N") at normal verbosity, or the one-line form
# ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ...") at minimal verbosity.
summarize() {
  awk '
    /^ *(Passed|Failed|Skipped): +[0-9]+ *$/ { split($0, f, ":"); block[f[1] ~ /Passed/ ? "p" : f[1] ~ /Failed/ ? "f" : "s"] += f[2]; blocks = 1 }
    /(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
      if (match($0, /Failed: +[0-9]+/)) { x = substr($0, RSTART, RLENGTH); sub(/[^0-9]+/, "", x); line["f"] += x }
      if (match($0, /Passed: +[0-9]+/)) { x = substr($0, RSTART, RLENGTH); sub(/[^0-9]+/, "", x); line["p"] += x }
      if (match($0, /Skipped: +[0-9]+/)) { x = substr($0, RSTART, RLENGTH); sub(/[^0-9]+/, "", x); line["s"] += x }
    }
    END {
      if (blocks) { np = block["p"]; nf = block["f"]; ns = block["s"] } else { np = line["p"]; nf = line["f"]; ns = line["s"] }
      printf "%d passed, %d failed, %d skipped\n", np, nf, ns
    }
  ' "$1"
}

# Prints each failed test with the first lines of its message, so that the end of the log (all a CI
# page may show) names what failed. `dotnet test` prints "  Failed Name [time]", then "  Error Message:",
# the message, then "  Stack Trace:" and the frames; the first frame in our code is kept too.
failures() {
  awk '
    /^ +Failed [^ ].* \[[0-9.]+ ?[a-z]+\] *$/ { if (n) print ""; sub(/^ +/, ""); print "  " $0; n++; mode = "head"; kept = 0; next }
    mode == "head" && /^ +Error Message:/ { mode = "msg"; next }
    mode == "msg" && /^ +Stack Trace:/ { mode = "stack"; next }
    mode == "msg" && kept < 12 { sub(/^ +/, ""); print "    " $0; kept++; next }
    mode == "stack" && /CoCreation/ { sub(/^ +/, ""); print "    " $0; mode = ""; next }
    mode == "stack" && /^ *$/ { mode = "" }
  ' "$1"
}

main() {
  require_dotnet
  ensure_chromium
  if [[ -z "${COCREATION_TEST_CONNECTION:-}" ]]; then
    pg_start_throwaway
    pg_create_database cocreation_test
    COCREATION_TEST_CONNECTION=$(pg_connection_string cocreation_test)
  fi
  export COCREATION_TEST_CONNECTION
  log "Tests use $COCREATION_TEST_CONNECTION"

  cd "$COCREATION_ROOT"
  local output status=0
  output=$(mktemp)
  dotnet test CoCreation.sln -c Release --logger "console;verbosity=normal" --results-directory TestResults "$@" \
    2>&1 | tee "$output" || status=$?

  local summary
  summary=$(summarize "$output")
  local failed
  failed=$(failures "$output")
  rm -f "$output"
  # Torn down here rather than by the EXIT trap alone, so that the summary is the last line.
  pg_teardown_throwaway
  if [[ $status == 0 ]]; then
    log "Tests passed"
  else
    warn "dotnet test exited with $status"
  fi
  if [[ -n $failed ]]; then
    echo "Failed tests:"
    echo "$failed"
  fi
  echo "Summary: $summary"
  return "$status"
}

main "$@"
