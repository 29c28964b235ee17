#!/usr/bin/env bash
# Reads a dead-letter topic and replays one record after the fix (org.coppipeline.local.DeadLetters):
#   deploy/local/dlq.sh list   --topic case-events-dlq [--max N]
#   deploy/local/dlq.sh replay --topic case-events-dlq --partition P --offset N [--to TOPIC]
# Both take --bootstrap HOST:PORT (default $KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092) and --command-config FILE
# (Kafka client properties: security.protocol, sasl.*, ssl.*). list never prints a record's value (PHI).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

find_java
launcher_built || die "the launcher is not built: run ./mvnw -B -pl deploy/local -DskipTests package"

exec "$java" -cp "$(launcher_classpath)" org.coppipeline.local.DeadLetters "$@"
