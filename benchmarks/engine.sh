#!/usr/bin/env bash
# Load-engine benchmark (a documented command, not a test): the engine of the built product against the
# simulator running as a separate process, both on this machine (loopback only, every run bounded).
#   benchmarks/engine.sh [PRODUCT_DIR]     (default: the product built by ./dev build)
# CLIENT_VM_ARGS="..." gives JVM options to the client alone, SIM_VM_ARGS to the simulator alone
# (DEEPSTRESS_VM_ARGS to both processes). LEVELS="c1024 r1000" runs only those levels (default: all).
# SIM_CPUS=1 CLIENT_CPUS=0 pins the simulator and the client to those cores (taskset), to see the client
# alone on its core.
# Prints, per level: achieved req/s, output tok/s, client-minus-server TTFT (mean, p99), client CPU
# seconds (and per 4,096 requests), peak RSS, and the simulator process's CPU during the level (and per
# 4,096 requests, from /proc). Results go to target/bench/ (JSON per run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
product=${1:-$root/releng/io.deepstress.repository/target/products/io.deepstress/linux/gtk/x86_64/deepstress}
app="$product/deepstress"
[ -x "$app" ] || { echo "no product at $product: run ./dev build first" >&2; exit 2; }
out="$root/target/bench"; rm -rf "$out"; mkdir -p "$out"
export DEEPSTRESS_DATA="$out/data"

sim_pin=(); [ -n "${SIM_CPUS:-}" ] && sim_pin=(taskset -c "$SIM_CPUS")
client_pin=(); [ -n "${CLIENT_CPUS:-}" ] && client_pin=(taskset -c "$CLIENT_CPUS")
DEEPSTRESS_VM_ARGS="${SIM_VM_ARGS:-${DEEPSTRESS_VM_ARGS:-}}" "${sim_pin[@]}" "$app" simulate --port 0 --ttft-ms 50 --itl-ms 10 --tokens 128 >"$out/sim.out" 2>"$out/sim.err" &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q 'listening on' "$out/sim.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$out/sim.out")
[ -n "$url" ] || { echo "the simulator did not start"; cat "$out/sim.err"; exit 1; }
echo "simulator (separate process, pid $sim): $url — TTFT 50 ms, ITL 10 ms, 128 tokens"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load before: $(cut -d' ' -f1-3 /proc/loadavg)"

sim_cpu_ticks() { # utime + stime of the simulator process, in clock ticks
	sed 's/.*) //' "/proc/$sim/stat" | awk '{print $12 + $13}'
}
ticks=$(getconf CLK_TCK)

bench() { # NAME REQUESTS ARGS...
	local name=$1 requests=$2; shift 2
	case " ${LEVELS:-$name} " in *" $name "*) ;; *) return 0 ;; esac
	python3 - "$url" <<'PY'
import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1].rsplit('/v1', 1)[0] + '/sim/requests', method='DELETE')).read()
PY
	local sim_before; sim_before=$(sim_cpu_ticks)
	DEEPSTRESS_VM_ARGS="${CLIENT_VM_ARGS:-${DEEPSTRESS_VM_ARGS:-}}" "${client_pin[@]}" "$app" run --url "$url" --model deepstress-sim --max-tokens 128 --requests "$requests" --quiet --no-save \
		--connect-timeout 30 --out "$out/$name.json" --samples "$out/$name.jsonl" "$@" >"$out/$name.txt" 2>"$out/$name.err" \
		|| { echo "$name: run failed"; cat "$out/$name.err"; return; }
	local sim_after; sim_after=$(sim_cpu_ticks)
	python3 - "$url" "$out/$name.json" "$out/$name.jsonl" "$name" "$requests" "$(( sim_after - sim_before ))" "$ticks" <<'PY'
import json, sys, urllib.request
url, summary_file, samples_file, name, requests = sys.argv[1:6]
sim_cpu = int(sys.argv[6]) / int(sys.argv[7])
base = url.rsplit('/v1', 1)[0]
truth = {r['requestId']: r for r in json.load(urllib.request.urlopen(base + '/sim/requests'))}
d = json.load(open(summary_file))
overheads = []
for line in open(samples_file):
    s = json.loads(line)
    t = truth.get(s['request_id'])
    if s.get('ttft_ms') is None or not t or t['firstContentNanos'] < 0:
        continue
    overheads.append(s['ttft_ms'] - (t['firstContentNanos'] - t['arrivalNanos']) / 1e6)
overheads.sort()
sim_ttft = sorted((t['firstContentNanos'] - t['arrivalNanos']) / 1e6 for t in truth.values() if t['firstContentNanos'] >= 0)
pct = lambda xs, q: xs[min(len(xs) - 1, int(len(xs) * q))] if xs else float('nan')
mean = sum(overheads) / len(overheads) if overheads else float('nan')
p99 = overheads[min(len(overheads) - 1, int(len(overheads) * 0.99))] if overheads else float('nan')
tp = d['throughput']
cpu = d['client']['cpu_s']
rate = f"{tp.get('achieved_rate', float('nan')):8.1f}" if 'achieved_rate' in tp else '       -'
print(f"{name:>12} {d['requests']['succeeded']:>6}/{int(requests):<6} {tp['requests_per_s']:9.1f} {rate} {tp['output_tokens_per_s']:10.0f}"
      f" {mean:9.2f} {p99:9.2f} {cpu:7.2f} {cpu * 4096 / max(1, int(requests)):8.2f} {d['client']['peak_rss_kib'] // 1024:6d}"
      f"  {d['ttft_ms']['p50']:7.1f} {pct(sim_ttft, 0.5):7.1f} {pct(sim_ttft, 0.99):7.1f} {sim_cpu:7.2f} {sim_cpu * 4096 / max(1, int(requests)):8.2f} {d['errors'] or ''}")
PY
}

printf '%12s %13s %9s %8s %10s %9s %9s %7s %8s %6s  %7s %7s %7s %7s %8s\n' level "ok/requests" "req/s" arrivals "out tok/s" \
	"ovh mean" "ovh p99" "cpu s" "cpu/4k" "RSS MB" "TTFT p50" "simT p50" "simT p99" "sim cpu" "sim/4k"
bench c1 32 --concurrency 1
bench c64 1024 --concurrency 64
bench c256 4096 --concurrency 256
bench c1024 4096 --concurrency 1024
bench c2048 8192 --concurrency 2048
bench r250 4096 --rate 250 --concurrency 2048
bench r500 4096 --rate 500 --concurrency 2048
bench r1000 8192 --rate 1000 --concurrency 2048
python3 -c "import json,sys; print('client JVM:', json.load(open(sys.argv[1]))['client']['java'])" "$out/c1.json" 2>/dev/null || true
echo "(ovh = client TTFT minus the simulator's own TTFT for the same request, ms; cpu = client process CPU during the run; simT = the simulator's own TTFT (its pacing: 50 ms when on time); sim cpu = the simulator process's CPU)"
