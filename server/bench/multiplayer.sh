#!/usr/bin/env bash
# Issue 15's multiplayer benchmark: 200 clients in one room moving pointers 20 times a second, with
# presence and chat, against the hub jar and then a bare relay, each its own process; see
# docs/BENCHMARKS.md. Build first (mvn -B -ntp -q -DskipTests package).
#   server/bench/multiplayer.sh [--clients 200] [--seconds 30] [--warmup 5] [--only hub|relay]
#                               [--awareness-interval-ms N]   (passed to the hub)
# The load process asks its collector for short pauses (-XX:MaxGCPauseMillis=10): with the default
# 200 ms target its own pauses, on cores it shares with the server, were the tail of the latencies
# it measured. The hub and the relay run with the JVM's defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."
for built in server/target/entangle-hub.jar server/target/test-classes/dev/entangle/hub/bench/MultiplayerBenchmark.class; do
  if [ ! -e "$built" ]; then
    echo "multiplayer.sh: $built is missing; build first: mvn -B -ntp -q -DskipTests package" >&2
    exit 2
  fi
done
exec java -XX:MaxGCPauseMillis=10 -cp server/target/entangle-hub.jar:server/target/test-classes dev.entangle.hub.bench.MultiplayerBenchmark "$@"
