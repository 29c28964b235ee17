#!/usr/bin/env bash
# Prints a dev CDS client JWT (an EHR's token for the gateway's CDS Hooks service) on its last line: ES384, signed with
# the stack's dev CDS client key, iss urn:cop-pipeline:local-ehr:<hospital>, aud = the URL you will call, a fresh jti.
#   deploy/local/cds-token.sh --hospital hosp-a --audience http://127.0.0.1:8080/cds-services [--seconds N] [--state-dir DIR]
#   TOKEN=$(deploy/local/cds-token.sh --hospital hosp-a --audience "$URL" | tail -n 1)
# One token per call: the gateway refuses a jti it has seen.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

state="${COP_STATE_DIR:-$root/.local-stack}"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[i]}" == --state-dir ]] && state="${args[i + 1]:-}"
done
[[ -f "$state/cds/private-key.pem" ]] \
  || die "no dev CDS client key in $state/cds: the stack has never been started there; start it once with deploy/local/run.sh"
find_java
launcher_built || die "the launcher is not built: run deploy/local/run.sh (or ./mvnw -B -pl deploy/local -DskipTests package)"

exec "$java" -cp "$(launcher_classpath)" org.coppipeline.local.DevCdsToken --state-dir "$state" "$@"
