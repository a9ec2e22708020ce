#!/usr/bin/env bash
# The end-to-end benchmark: builds Sluice and the bench module, starts a local Kafka broker (or
# uses $SLUICE_BENCH_BOOTSTRAP_SERVERS) and, for the workloads that need one, Apicurio Registry (or
# uses $SLUICE_BENCH_SCHEMA_REGISTRY_URL), runs every workload interleaved, and writes
# docs/benchmarks/results.md, throughput.png and a latency chart per input rate (latency.png,
# latency-20000.png). See docs/benchmarks/e2e.md.
#
#   bench/run-e2e.sh                 # the documented run (defaults; e2e.md says how long it takes)
#   bench/run-e2e.sh --runs=1 --records=100000 --only=copy-txn,sluice-json-to-avro
#   bench/run-e2e.sh --no-build ...  # reuse the last build
#
# `bench/run-e2e.sh --help` lists the options. Benchmarks report, they never gate the build:
# nothing here runs in `mvn test` or CI.
set -euo pipefail

cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  echo "Building Sluice's jar and the bench module (mvn package, mvn -Pbench compile) ..."
  mvn -B -q -ntp -pl processor -am package -DskipTests -Dspotless.check.skip=true
  # the root POM fetches Apicurio Registry's archive and the bench module unpacks it
  mvn -B -q -ntp -Pbench -pl bench -am compile -Dspotless.check.skip=true
fi

# The classes the build just compiled are copied aside, so that a `mvn clean` in the work tree
# while the benchmark runs (it takes minutes) cannot pull them from under the workload JVMs.
snapshot="$(mktemp -d "${TMPDIR:-/tmp}/sluice-e2e-classes.XXXXXX")"
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

# The unpacked registry too; hard links cost nothing on the same file system.
apicurio="bench/target/apicurio"
if [[ -d "$apicurio" ]]; then
  cp -rl "$apicurio" "$snapshot/apicurio" 2>/dev/null \
    || { rm -rf "$snapshot/apicurio"; cp -r "$apicurio" "$snapshot/apicurio"; }
  apicurio="$snapshot/apicurio"
fi

# Sluice runs as bin/sluice runs it: its jar and lib/, with a class-data sharing archive trained
# for exactly that class path (see io.sluice.cli.StartupTraining), outside any measured run.
sluice="$snapshot/sluice"
mkdir -p "$sluice"
cp processor/target/sluice-processor-*-SNAPSHOT.jar "$sluice/sluice-processor.jar"
cp -r processor/target/lib "$sluice/lib"
cp config/jvm.options "$sluice/jvm.options"
java -XX:ArchiveClassesAtExit="$sluice/sluice.jsa" -Dsluice.installation="$PWD" \
    -cp "$sluice/sluice-processor.jar:$sluice/lib/*" io.sluice.cli.StartupTraining \
    topologies/json-to-avro/pipeline.yaml topologies/*/pipeline.yaml >/dev/null 2>&1 \
  || echo "Could not make the class-data sharing archive; Sluice runs without it" >&2

# The harness itself loads the input, measures, and draws the charts (headless AWT).
archive_options=()
if [[ -s "$sluice/sluice.jsa" ]]; then
  archive_options=(-Dsluice.bench.sluice.classpath="$sluice/sluice-processor.jar:$sluice/lib/*"
    -Dsluice.bench.sluice.archive="$sluice/sluice.jsa"
    -Dsluice.bench.sluice.jvmoptions="$sluice/jvm.options")
fi
# $SLUICE_BENCH_KSTREAMS_JAVA_OPTS: JVM options for the Kafka Streams runs, after the harness's
# (for example Sluice's collector, to compare both under it; e2e.md).
java -Xmx2g -XX:+UseG1GC -Djava.awt.headless=true -Dsluice.bench.apicurio.home="$apicurio" \
  "${archive_options[@]}" -Dsluice.bench.kstreams.jvmoptions="${SLUICE_BENCH_KSTREAMS_JAVA_OPTS:-}" \
  -cp "$classpath" io.sluice.bench.e2e.E2eMain "$@"
