#!/usr/bin/env python3
"""Summarises a dotnet-counters CSV (System.Runtime) recorded during a burst: each counter's mean rate or level
over the window, and, given the submissions acknowledged in the window, the allocations and collections per
submission.

    load-tests/summarise-counters.py counters.csv <acknowledged-in-window>
"""
import csv
import sys
from collections import defaultdict


def main():
    path, acknowledged = sys.argv[1], int(sys.argv[2])
    series = defaultdict(list)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            name = row["Counter Name"]
            try:
                value = float(row["Mean/Increment"])
            except ValueError:
                continue
            series[(name, row["Counter Type"])].append(value)
    if not series:
        sys.exit(f"no counters in {path}")
    seconds = max(len(v) for v in series.values())
    print(f"{seconds} one-second samples, {acknowledged:,} submissions acknowledged in the window "
          f"({acknowledged / max(seconds, 1):,.0f}/s)")
    print()
    print("| counter | kind | mean a second (rate) or level | per submission |")
    print("|---|---|---:|---:|")
    for (name, kind), values in sorted(series.items()):
        mean = sum(values) / len(values)
        total = sum(values)
        per = ""
        if kind == "Rate" and acknowledged:
            per = f"{total / acknowledged:,.4g}"
        print(f"| {name} | {kind} | {mean:,.4g} | {per} |")


if __name__ == "__main__":
    main()
