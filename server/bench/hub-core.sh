#!/usr/bin/env bash
# Issue 13's hub-core benchmark: the hub jar and a bare relay, each as its own process, under load
# from a third. Build first (mvn -B -ntp -q -DskipTests package); see docs/BENCHMARKS.md.
#   server/bench/hub-core.sh [--hub-flags "..."] [--memory-hub-flags "--event-log memory"]
#                            [--only fanout,saturation,acks,idle] [--quick] [--jvm "-Xmx2g"] [--idle 10000]
#                            [--histograms docs/images]   (a PNG of each row's latency distribution)
set -euo pipefail
cd "$(dirname "$0")/../.."
# 10,000 idle sockets need 10,000 descriptors in the load generator and in the server (plus Jetty's own).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
  echo "hub-core.sh: the file-descriptor limit is $(ulimit -n); the idle-connection row needs about 11,000" >&2
fi
for built in server/target/entangle-hub.jar server/target/test-classes/dev/entangle/hub/bench/HubCoreBenchmark.class; do
  if [ ! -e "$built" ]; then
    echo "hub-core.sh: $built is missing; build first: mvn -B -ntp -q -DskipTests package" >&2
    exit 2
  fi
done
exec java -cp server/target/entangle-hub.jar:server/target/test-classes dev.entangle.hub.bench.HubCoreBenchmark "$@"
