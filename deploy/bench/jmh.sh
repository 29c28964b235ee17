#!/usr/bin/env bash
# JMH benchmarks of the three rule cores (deploy/bench/src/jmh/java), against the services' own classes:
#   deploy/bench/jmh.sh                 every benchmark, one thread: evaluations/s per core
#   deploy/bench/jmh.sh 'Core$' -f 1    any org.openjdk.jmh.Main arguments (a regex of benchmarks, -wi, -i, -t, ...)
# Compiles with the bench profile (./mvnw -B -pl deploy/bench -am -P bench -DskipTests process-classes), then runs JMH;
# the results also go to deploy/bench/target/jmh-result.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../local/common.sh"
cd "$root"
find_java
bench="$root/deploy/bench"
./mvnw -B -pl deploy/bench -am -P bench -DskipTests process-classes >&2 || die "build failed: see the Maven output above"
exec "$java" -cp "$bench/target/classes:$(cat "$bench/target/bench.classpath")" org.openjdk.jmh.Main \
  -rf json -rff "$bench/target/jmh-result.json" "$@"
