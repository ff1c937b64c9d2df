# Sourced by bin/drd, bin/test and .ci/run: finds a JDK 21 or newer.
# Order: $JAVA_HOME if it is one; else the newest JDK under /usr/lib/jvm; else the java on PATH.

drd_java_major() {
  # A JDK's release file names its version; reading it spares starting a JVM per candidate.
  if [ -f "$1/release" ] && grep -q '^JAVA_VERSION=' "$1/release"; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9.]*\).*/\1/p' "$1/release" | sed 's/^1\.//; s/\..*//'
    return
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' | sed 's/^1\.//'
}

drd_java_home() {
  local candidates=() dir major
  if [ -n "${JAVA_HOME:-}" ]; then candidates+=("$JAVA_HOME"); fi
  if [ -d /usr/lib/jvm ]; then
    while IFS= read -r dir; do candidates+=("$dir"); done < <(
      for d in /usr/lib/jvm/*/; do
        d="${d%/}"
        [ -x "$d/bin/javac" ] && [ ! -L "$d" ] && printf '%s %s\n' "$(drd_java_major "$d")" "$d"
      done | sort -rn | cut -d' ' -f2-)
  fi
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for dir in "${candidates[@]}"; do
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
    major="$(drd_java_major "$dir")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$dir"
      return 0
    fi
  done
  echo "drd needs a JDK 21 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}; looked in /usr/lib/jvm and on PATH)." >&2
  echo "Install one (e.g. Temurin 21 or 25, or your distribution's openjdk-21-jdk) and/or set JAVA_HOME to it." >&2
  return 1
}

# JVM flags that keep JDK 23+ quiet about what gRPC, protobuf and zstd-jni do on purpose.
drd_java_flags() {
  local major
  major="$(drd_java_major "$1")"
  if [ "$major" -ge 23 ]; then echo "--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"; fi
}
