#!/usr/bin/env bash
# Downloads the executable jar of a real Zipkin server (io.zipkin:zipkin-server, classifier exec)
# from Maven Central with Maven, and prints its path. Zipkin 3.x needs Java 17 or newer.
#
# The jar is cached outside the repository (~/.cache/agent-otel/zipkin-<version>/ by default,
# AGENT_OTEL_CACHE_DIR to change it); later runs print the cached path at once.
set -euo pipefail

ZIPKIN_VERSION="${ZIPKIN_VERSION:-3.6.1}"
CACHE_DIR="${AGENT_OTEL_CACHE_DIR:-$HOME/.cache/agent-otel}"
TARGET_DIR="$CACHE_DIR/zipkin-$ZIPKIN_VERSION"
JAR="$TARGET_DIR/zipkin-server-$ZIPKIN_VERSION-exec.jar"

if [ -s "$JAR" ]; then
  echo "$JAR"
  exit 0
fi

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "install-zipkin: '$tool' is required (Java 17+ and Maven)" >&2
    exit 1
  fi
done

echo "install-zipkin: downloading io.zipkin:zipkin-server:$ZIPKIN_VERSION:exec from Maven Central (first run only)" >&2
mkdir -p "$TARGET_DIR"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# dependency:copy resolves the artifact through the local repository (~/.m2) and copies it out;
# the copy goes to a temporary directory first so an interrupted download never looks cached.
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
  -DoutputDirectory="$work" -Dmdep.overWriteReleases=true >&2
mv "$work/zipkin-server-$ZIPKIN_VERSION-exec.jar" "$JAR"
echo "$JAR"
