#!/usr/bin/env bash
# Coverage-guided fuzzing of the scenario loader and validator for a bounded time (CI runs it after the tests).
#
# Builds the libFuzzer target of Fuzz/ (its own package and scratch folder, .build-fuzz, so the root package's
# builds are untouched), replays the regression corpus Fuzz/Corpus (every file must pass), then fuzzes for
# SECONDS (default 60, or MARGINSTRESS_FUZZ_SECONDS) from the examples and the corpus, with Fuzz/scenario.dict.
# A failing input is saved under .build-fuzz/failures/ and the script exits non-zero. What the target requires
# of each input: Fuzz/Sources/FuzzScenario/FuzzVerdict.swift.
#
# The run is reproducible: a fixed seed (MARGINSTRESS_FUZZ_SEED, default 2026) and a bounded number of inputs
# (MARGINSTRESS_FUZZ_RUNS, default 40000), so CI tries the same inputs every time; SECONDS caps the time. Give
# another seed, more runs and more time to explore further (e.g. MARGINSTRESS_FUZZ_SEED=0 picks a random one).
#
# Usage: bash scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${MARGINSTRESS_FUZZ_SECONDS:-60}}"
seed="${MARGINSTRESS_FUZZ_SEED:-2026}"
runs="${MARGINSTRESS_FUZZ_RUNS:-40000}"
# SwiftPM keeps the build plan of the path dependency (..) in release.yaml and does not see files added to it
# since; removing the plan makes it list the sources again (the compiled objects are kept).
rm -f .build-fuzz/release.yaml
# -parse-as-library: the target's @main; lld: gold fails on the instrumented objects.
# shellcheck disable=SC2046
swift build --package-path Fuzz --scratch-path .build-fuzz -c release \
    -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -use-ld=lld $(bash scripts/swift-flags.sh)
bin=.build-fuzz/release/FuzzScenario
export SWIFT_BACKTRACE=enable=no
# The regression corpus, each file once.
"$bin" -runs=0 Fuzz/Corpus/* 2>&1 | tail -n 3
# Seeds: the example scenarios (YAML and JSON, not the price files) and the corpus; new inputs kept in corpus/.
seeds=.build-fuzz/seeds
rm -rf "$seeds" .build-fuzz/corpus && mkdir -p "$seeds" .build-fuzz/corpus .build-fuzz/failures
cp examples/*.yaml examples/*.json examples/venues/*.yaml examples/backtest/*.yaml Fuzz/Corpus/* "$seeds"/
log=.build-fuzz/fuzz.log
status=0
"$bin" .build-fuzz/corpus "$seeds" -dict=Fuzz/scenario.dict -max_total_time="$seconds" -seed="$seed" -runs="$runs" -timeout=30 \
    -rss_limit_mb=4096 -max_len=16384 -artifact_prefix=.build-fuzz/failures/ -print_final_stats=1 >"$log" 2>&1 || status=$?
grep -E '^(#[0-9]+ *(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss|Done|INFO: .*files found|==[0-9]+== ERROR|FuzzScenario:|artifact_prefix|Test unit written)' "$log" || true
if [ "$status" -ne 0 ]; then tail -n 40 "$log"; fi
exit "$status"
