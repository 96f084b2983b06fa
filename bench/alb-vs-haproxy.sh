#!/usr/bin/env bash
# Throughput and latency of the local ALB data plane against HAProxy 2.6 on the same machine, in
# one run: the same routing and headers (bench/alb/lb.yaml, bench/alb/haproxy.cfg) to the same two
# nginx targets, driven by wrk with the same settings. The two alternate, A B A B, over several
# rounds, and the medians are compared, so a noisy machine shifts both alike.
# Needs wrk, haproxy and nginx (Debian: apt-get install wrk haproxy nginx).
#   bench/alb-vs-haproxy.sh [DURATION_SECONDS=10] [CONNECTIONS=64] [ROUNDS=5]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-10}
connections=${2:-64}
rounds=${3:-5}
for tool in wrk haproxy nginx python3; do
  command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed (apt-get install wrk haproxy nginx python3)"; exit 77; }
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

wait_for() { for _ in $(seq 150); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not answering: $1"; cat "$work"/*.log; exit 1; }
wait_for http://127.0.0.2:18080/api/x
wait_for http://127.0.0.1:18090/api/x

cat > "$work/percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.3f %.3f %.3f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
LUA
wrk -t2 -c"$connections" -d5s http://127.0.0.2:18080/api/x >/dev/null   # warm-up (JIT, connection pools)
wrk -t2 -c"$connections" -d5s http://127.0.0.1:18090/api/x >/dev/null

run() { # name url
  local line
  line=$(wrk -t2 -c"$connections" -d"${duration}s" -s "$work/percentiles.lua" "$2" | grep '^RESULT')
  echo "$1 ${line#RESULT }" >> "$work/results"
  awk -v n="$1" '{printf "  %-8s %9d req/s   p50 %6.2f ms   p99 %6.2f ms   p99.9 %6.2f ms   errors %d\n", n, $1, $2, $3, $4, $5}' <<<"${line#RESULT }"
}
echo "wrk -t2 -c$connections -d${duration}s, path /api/x, $(nproc) cores, $rounds rounds"
for round in $(seq "$rounds"); do
  echo "round $round"
  run lbctl http://127.0.0.2:18080/api/x
  run haproxy http://127.0.0.1:18090/api/x
done
python3 - "$work/results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, *values = line.split()
    rows.setdefault(name, []).append([float(v) for v in values])
med = {name: [statistics.median(column) for column in zip(*values)] for name, values in rows.items()}
print("median   req/s       p50 ms   p99 ms   p99.9 ms")
for name in ("lbctl", "haproxy"):
    rps, p50, p99, p999, _ = med[name]
    print(f"{name:8s} {rps:9.0f}   {p50:6.2f}   {p99:6.2f}   {p999:6.2f}")
l, h = med["lbctl"], med["haproxy"]
print(f"lbctl/haproxy: req/s {l[0] / h[0]:.2f}x, p99 {l[2] / h[2]:.2f}x")
PY
