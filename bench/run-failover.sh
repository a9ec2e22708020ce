#!/usr/bin/env bash
# The fail-over benchmark (issue 17): a windowed aggregation with 1,000,000 keys in state runs on
# two instances while input flows; the instance owning task 0 is killed with SIGKILL, and the gap
# in each of its tasks' output is measured, with 0 and with 1 standby replica by default. Writes
# docs/benchmarks/failover.md. See docs/benchmarks.md ("Fail-over").
#
#   bench/run-failover.sh                                # both settings, 3 trials each
#   bench/run-failover.sh --replicas=0 --trials=2        # without standby replicas only
#   bench/run-failover.sh --no-build --keys=200000 ...   # reuse the last build
#
# `bench/run-failover.sh --help` lists the options. Uses $SLUICE_BENCH_BOOTSTRAP_SERVERS when
# set, else starts a local broker. Never part of `mvn test` or CI.
set -euo pipefail

cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  echo "Building Sluice and the bench module (mvn -Pbench -pl bench -am compile) ..."
  mvn -B -q -ntp -Pbench -pl bench -am compile -Dspotless.check.skip=true
fi

# The compiled classes are copied aside, so that a build in the work tree while the benchmark runs
# cannot pull them from under the instances it starts and restarts.
snapshot="$(mktemp -d "${TMPDIR:-/tmp}/sluice-failover-classes.XXXXXX")"
trap 'rm -rf "$snapshot"' EXIT
classpath=""
n=0
for entry in "bench/target/classes" $(tr ':' ' ' < bench/target/e2e-classpath.txt); do
  if [[ -d "$entry" ]]; then
    n=$((n + 1))
    cp -r "$entry" "$snapshot/$n"
    entry="$snapshot/$n"
  fi
  classpath="${classpath:+$classpath:}$entry"
done
# The broker's log and the instances' state take a few hundred MB a run; removed at exit (a
# --work=DIR given among the options is kept).
work="$(mktemp -d "${TMPDIR:-/tmp}/sluice-failover-work.XXXXXX")"
trap 'rm -rf "$snapshot" "$work"' EXIT
java -Xmx1g -cp "$classpath" io.sluice.bench.failover.FailoverMain --work="$work" "$@"
