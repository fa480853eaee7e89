#!/usr/bin/env python3
"""Reads `perf script` output (with call chains) on stdin; prints the hottest frames by self and inclusive share
of the samples, grouped coarsely by area, and optionally writes the stacks folded one per line
("root;...;leaf count"), the input of flame graph tools.

    perf script -i perf.data | load-tests/fold-stacks.py --top 40 --folded folded.txt
"""
import argparse
import collections
import re
import sys

FRAME = re.compile(r"^\s+[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$")
OFFSET = re.compile(r"\+0x[0-9a-f]+$")
# perf-map names carry the tier, e.g. "[OptimizedTier1]"; the arguments make names long and add nothing here.
TIER = re.compile(r"\[(?:Optimized|Tier|QuickJitted|PreJIT|OptimizedTier1|Instrumented)[^\]]*\]")

AREAS = [
    ("PostgreSQL client (Npgsql)", ("Npgsql",)),
    ("JSON", ("System.Text.Json",)),
    ("Authentication (JWT)", ("IdentityModel", "Authentication", "JsonWebToken")),
    ("Rate limiting", ("RateLimit",)),
    ("Logging", ("Microsoft.Extensions.Logging", "Logger")),
    ("Kestrel and HTTP", ("Kestrel", "Microsoft.AspNetCore.Server", "System.IO.Pipelines", "Http2", "Http1")),
    ("Routing and endpoints", ("Routing", "Microsoft.AspNetCore.Http.", "RequestDelegate")),
    ("CoCreation", ("CoCreation",)),
    ("JIT compiler", ("libclrjit.so",)),
    ("Runtime (GC, stubs, locks)", ("libcoreclr.so", "stub ")),
    ("Sockets", ("System.Net.Sockets",)),
    ("Threads and tasks", ("System.Threading",)),
]


def clean(symbol: str) -> str:
    symbol = OFFSET.sub("", TIER.sub("", symbol)).strip()
    paren = symbol.find("(")
    return symbol[:paren] if paren > 0 else symbol


def area_of(stack):
    for frame in reversed(stack):  # the leaf-most frame that names an area decides
        for name, needles in AREAS:
            if any(n in frame for n in needles):
                return name
    return "other"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--folded", help="write the folded stacks to this file")
    parser.add_argument("--from-folded", help="read folded stacks from this file instead of perf script on stdin")
    args = parser.parse_args()

    stacks = collections.Counter()
    if args.from_folded:
        with open(args.from_folded, encoding="utf-8") as folded:
            for line in folded:
                stack, count = line.rstrip("\n").rsplit(" ", 1)
                stacks[tuple(stack.split(";"))] += int(count)
    current = []
    for line in ([] if args.from_folded else sys.stdin):
        if not line.strip():
            if current:
                stacks[tuple(reversed(current))] += 1  # root first
            current = []
            continue
        match = FRAME.match(line)
        if match:
            symbol, dso = match.groups()
            if symbol == "[unknown]":
                symbol = f"[{dso.rsplit('/', 1)[-1]}]"
            current.append(clean(symbol))
    if current:
        stacks[tuple(reversed(current))] += 1

    total = sum(stacks.values())
    if total == 0:
        print("No samples.")
        return
    self_time = collections.Counter()
    inclusive = collections.Counter()
    areas = collections.Counter()
    for stack, count in stacks.items():
        self_time[stack[-1]] += count
        for frame in set(stack):
            inclusive[frame] += count
        areas[area_of(stack)] += count

    print(f"{total} samples")
    print("\nBy area (the leaf-most frame that names one):")
    for name, count in areas.most_common():
        print(f"  {100 * count / total:5.1f}%  {name}")
    print(f"\nTop {args.top} by self time:")
    for frame, count in self_time.most_common(args.top):
        print(f"  {100 * count / total:5.1f}%  {frame[:160]}")
    print(f"\nTop {args.top} by inclusive time:")
    for frame, count in inclusive.most_common(args.top):
        print(f"  {100 * count / total:5.1f}%  {frame[:160]}")
    if args.folded and not args.from_folded:
        with open(args.folded, "w", encoding="utf-8") as out:
            for stack, count in stacks.most_common():
                out.write(";".join(f.replace(";", ",") for f in stack) + f" {count}\n")


if __name__ == "__main__":
    main()
