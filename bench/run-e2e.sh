#!/usr/bin/env bash
# The end-to-end benchmark: builds Sluice and the bench module, starts a local Kafka broker (or
# uses $SLUICE_BENCH_BOOTSTRAP_SERVERS), runs every workload interleaved, and writes
# docs/benchmarks/results.md, throughput.png and latency.png. See docs/benchmarks/e2e.md.
#
#   bench/run-e2e.sh                       # the documented run: about 12 minutes on 2 cores
#   bench/run-e2e.sh --runs=1 --records=100000 --only=copy-txn,sluice-json-to-avro
#
# Options (all --name=value) are listed by `bench/run-e2e.sh --help`. Benchmarks report, they
# never gate the build: nothing here runs in `mvn test` or CI.
set -euo pipefail

cd "$(dirname "$0")/.."

if [[ "${1:-}" != "--no-build" ]]; then
  echo "Building Sluice and the bench module (mvn -Pbench -pl bench -am compile) ..."
  mvn -B -q -ntp -Pbench -pl bench -am compile -Dspotless.check.skip=true
else
  shift
fi

classpath="bench/target/classes:$(cat bench/target/e2e-classpath.txt)"
# The harness itself: it loads the input, measures, and draws the charts (headless AWT).
exec java -Xmx2g -XX:+UseG1GC -Djava.awt.headless=true -cp "$classpath" \
  io.sluice.bench.e2e.E2eMain "$@"
