#!/usr/bin/env bash
# Load benchmark of the COP pipeline on the local stack (see deploy/bench/README.md).
#   deploy/bench/run.sh [--seconds N] [--rate R] [--fresh] [--help for every option]
# Builds what is missing first, uses the stack running from the state folder or starts a fresh one of its own,
# prints progress on stderr, then one table, the JSON file of the figures and the line "pipeline/raw ratio: X.XX".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../local/common.sh"
cd "$root"
find_java
bench="$root/deploy/bench"

bench_jar() {
  local jar
  for jar in "$bench"/target/deploy-bench-*.jar; do
    [[ -f "$jar" && "$jar" != *-sources.jar && "$jar" != *-tests.jar ]] && { echo "$jar"; return 0; }
  done
  return 1
}

missing=()
for m in gateway symptom-service exclusion-service treatment-service; do
  [[ -f "$m/target/quarkus-app/quarkus-run.jar" ]] || missing+=("$m")
done
launcher_built || missing+=("deploy/local")
{ bench_jar >/dev/null && [[ -s "$bench/target/bench.classpath" && -s "$bench/target/kafka-tools.classpath" ]]; } || missing+=("deploy/bench")
if ((${#missing[@]} > 0)); then
  echo "bench: building (missing: ${missing[*]}): ./mvnw -B -DskipTests package" >&2
  ./mvnw -B -DskipTests package >&2 || die "build failed: see the Maven output above"
fi

exec "$java" -Xmx1g -Dcop.repo.root="$root" -Dcop.broker.classpath.file="$module/target/broker.classpath" \
  -Dcop.bench.tools.classpath.file="$bench/target/kafka-tools.classpath" \
  -cp "$(bench_jar):$(cat "$bench/target/bench.classpath")" org.coppipeline.bench.PipelineBench "$@"
