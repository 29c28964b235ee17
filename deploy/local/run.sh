#!/usr/bin/env bash
# Starts the COP pipeline locally: KRaft Kafka, PostgreSQL (embedded) and the four packaged services.
#   deploy/local/run.sh                 foreground; Ctrl-C stops everything
#   deploy/local/run.sh --background    returns once everything is ready
#   deploy/local/run.sh --stop          stops a background stack
#   deploy/local/run.sh --help          every option (--services, --jdbc-url URL, --state-dir DIR, ports, ...)
# Builds what is missing first (./mvnw -B -DskipTests package).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$root"
find_java

# The services this run starts (so a missing gateway jar does not force a build when only the stages are asked for).
modules=(gateway symptom-service exclusion-service treatment-service)
starting=true
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --stop | --help | -h) starting=false ;;
    --services)
      modules=()
      IFS=',' read -r -a wanted <<< "${args[i + 1]:-}"
      for name in "${wanted[@]}"; do
        case "$name" in
          gateway) modules+=(gateway) ;;
          symptom | symptom-service) modules+=(symptom-service) ;;
          exclusion | exclusion-service) modules+=(exclusion-service) ;;
          treatment | treatment-service) modules+=(treatment-service) ;;
          *) ;; # the launcher names the unknown service
        esac
      done
      ;;
  esac
done

missing=()
launcher_built || missing+=("deploy/local launcher")
if $starting; then
  for m in "${modules[@]}"; do
    [[ -f "$m/target/quarkus-app/quarkus-run.jar" ]] || missing+=("$m")
  done
fi
if ((${#missing[@]} > 0)); then
  if $starting; then
    echo "run.sh: building (missing: ${missing[*]}): ./mvnw -B -DskipTests package" >&2
    ./mvnw -B -DskipTests package >&2 || die "build failed: see the Maven output above"
  else
    echo "run.sh: building the launcher: ./mvnw -B -pl deploy/local -DskipTests package" >&2
    ./mvnw -B -pl deploy/local -DskipTests package >&2 || die "build of deploy/local failed: see the Maven output above"
  fi
fi

exec "$java" -Dcop.repo.root="$root" -Dcop.broker.classpath.file="$module/target/broker.classpath" \
  -cp "$(launcher_classpath)" org.coppipeline.local.LocalStack "$@"
