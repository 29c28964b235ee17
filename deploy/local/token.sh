#!/usr/bin/env bash
# Prints a dev JWT for the local gateway on its last line (RS256, signed with the stack's dev key):
#   deploy/local/token.sh --hospital hosp-a --roles case-publisher[,case-viewer][,case-auditor] [--minutes N] [--state-dir DIR]
#   TOKEN=$(deploy/local/token.sh --hospital hosp-a --roles case-viewer | tail -n 1)
# Claims: iss=cop-pipeline-local, aud=cop-gateway, sub, hospital, groups, iat, exp.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

state="${COP_STATE_DIR:-$root/.local-stack}"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[i]}" == --state-dir ]] && state="${args[i + 1]:-}"
done
[[ -f "$state/jwt/private-key.pem" ]] \
  || die "no dev key in $state/jwt: the stack has never been started there; start it once with deploy/local/run.sh"
find_java
launcher_built || die "the launcher is not built: run deploy/local/run.sh (or ./mvnw -B -pl deploy/local -DskipTests package)"

exec "$java" -cp "$(launcher_classpath)" org.coppipeline.local.DevToken --state-dir "$state" "$@"
