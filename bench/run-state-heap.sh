#!/usr/bin/env bash
# The state-heap measurement: a windowed aggregation with 1,000,000 distinct keys held in state,
# run by Sluice in a JVM limited to -Xmx256m, with a GC log. Prints the exit code, the largest heap
# the GC log shows and the number of windows in RocksDB. See docs/benchmarks.md ("State heap").
#
#   bench/run-state-heap.sh                      # 1,000,000 keys, -Xmx256m
#   bench/run-state-heap.sh --no-build 200000 128m
#
# Uses $SLUICE_BENCH_BOOTSTRAP_SERVERS when set, else starts a local broker.
set -euo pipefail

cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  echo "Building Sluice and the bench module (mvn -Pbench -pl bench -am compile) ..."
  mvn -B -q -ntp -Pbench -pl bench -am compile -Dspotless.check.skip=true
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/sluice-heap.XXXXXX")"
trap 'rm -rf "$work"' EXIT
classpath="bench/target/classes:$(cat bench/target/e2e-classpath.txt)"
java -Xmx1g -cp "$classpath" io.sluice.bench.heap.StateHeapMain "$work" "$@"
