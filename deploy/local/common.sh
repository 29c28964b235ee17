# Shared by run.sh and token.sh (sourced, not run): repository root, java, the launcher's classpath.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
module="$root/deploy/local"

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

find_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    java="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    java="$(command -v java)"
  else
    die "java not found: install Java 17 or newer, or set JAVA_HOME"
  fi
  local version
  version="$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
  if [[ -z "$version" || "${version%%.*}" -lt 17 ]]; then
    die "Java 17 or newer needed, $java is ${version:-of unknown version}"
  fi
}

launcher_jar() {
  local jar
  for jar in "$module"/target/local-stack-*.jar; do
    [[ -f "$jar" && "$jar" != *-sources.jar && "$jar" != *-tests.jar ]] && { echo "$jar"; return 0; }
  done
  return 1
}

launcher_built() {
  launcher_jar >/dev/null && [[ -s "$module/target/launcher.classpath" && -s "$module/target/broker.classpath" ]]
}

launcher_classpath() {
  echo "$(launcher_jar):$(cat "$module/target/launcher.classpath")"
}
