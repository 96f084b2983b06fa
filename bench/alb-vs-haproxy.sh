#!/usr/bin/env bash
# Throughput and latency of the local ALB data plane against HAProxy 2.6, in one run: the same
# routing (bench/alb/lb.yaml, bench/alb/haproxy.cfg) to the same two nginx targets, driven by wrk
# with the same settings. Needs wrk, haproxy and nginx (Debian: apt-get install wrk haproxy nginx).
#   bench/alb-vs-haproxy.sh [DURATION_SECONDS=20] [CONNECTIONS=64]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-20}
connections=${2:-64}
for tool in wrk haproxy nginx; do
  command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed (apt-get install wrk haproxy nginx)"; exit 77; }
done
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

sed "s#PREFIX#$work#g" "$root/bench/alb/nginx.conf" > "$work/nginx.conf"
nginx -p "$work" -c "$work/nginx.conf"
haproxy -f "$root/bench/alb/haproxy.cfg" -db > "$work/haproxy.log" 2>&1 &
pids+=($!)
"$root/bin/lbctl" serve-local --no-demo --api-port 0 --state-dir "$work/state" \
    --spec "$root/bench/alb/lb.yaml" --overlay "$root/bench/alb/lb.local.yaml" > "$work/lbctl.log" 2>&1 &
pids+=($!)

wait_for() { for _ in $(seq 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not answering: $1"; cat "$work"/*.log; exit 1; }
wait_for http://127.0.0.2:18080/api/x
wait_for http://127.0.0.1:18090/api/x

run() { # name url
  wrk -t2 -c"$connections" -d5s "$2" >/dev/null   # warm-up (JIT, connection pools)
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$2")
  printf '%-8s %12s req/s   p50 %8s   p99 %8s   errors: %s\n' "$1" \
      "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
      "$(awk '$1=="50%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")" \
      "$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ' || true)"
}
echo "wrk -t2 -c$connections -d${duration}s --latency, path /api/x, $(nproc) cores"
run lbctl http://127.0.0.2:18080/api/x
run haproxy http://127.0.0.1:18090/api/x
