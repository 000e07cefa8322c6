#!/usr/bin/env bash
# Load-engine benchmark (a documented command, not a test): the engine of the built product against the
# simulator running as a separate process, both on this machine (loopback only, every run bounded).
#   benchmarks/engine.sh [PRODUCT_DIR]     (default: the product built by ./dev build)
# CLIENT_VM_ARGS="..." gives JVM options to the client alone, SIM_VM_ARGS to the simulator alone
# (DEEPSTRESS_VM_ARGS to both processes). LEVELS="c1024 r1000" runs only those levels (default: all).
# SIM_CPUS=1 CLIENT_CPUS=0 pins the simulator and the client to those cores (taskset), to see the client
# alone on its core. CHUNK_FORMAT=vllm|sglang|llamacpp|compact lays the simulator's chunks out as that server
# sends them (default vllm: what the issue's CPU-per-token target is measured against).
# The bare-* level runs benchmarks/BareReader.java (one selector thread, no HTTP library) instead of the
# engine: the floor of client CPU and overhead this machine allows.
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
DEEPSTRESS_VM_ARGS="${SIM_VM_ARGS:-${DEEPSTRESS_VM_ARGS:-}}" "${sim_pin[@]}" "$app" simulate --port 0 --ttft-ms 50 --itl-ms 10 --tokens 128 --chunk-format "${CHUNK_FORMAT:-vllm}" >"$out/sim.out" 2>"$out/sim.err" &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q 'listening on' "$out/sim.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$out/sim.out")
[ -n "$url" ] || { echo "the simulator did not start"; cat "$out/sim.err"; exit 1; }
echo "simulator (separate process, pid $sim): $url — TTFT 50 ms, ITL 10 ms, 128 tokens, ${CHUNK_FORMAT:-vllm} chunks"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load before: $(cut -d' ' -f1-3 /proc/loadavg)"

sim_cpu_ticks() { # utime + stime of the simulator process, in clock ticks
	sed 's/.*) //' "/proc/$sim/stat" | awk '{print $12 + $13}'
}
ticks=$(getconf CLK_TCK)
client_java=${DEEPSTRESS_JAVA:-java}

selected() { case " ${LEVELS:-$1} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

forget_sim_requests() {
	python3 - "$url" <<'PY'
import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1].rsplit('/v1', 1)[0] + '/sim/requests', method='DELETE')).read()
PY
}

# report NAME: one line from $out/NAME.facts (JSON: requested, ok, req_s, arrivals_s, tok_s, cpu_s, rss_mib,
# ttft_p50, sim_ticks, counted = requests the CPU was spent on) and $out/NAME.pairs ("request-id
# client-ttft-ms" of the measured requests), joined with the simulator's own timestamps by request id
report() {
	python3 - "$url" "$out/$1.facts" "$out/$1.pairs" "$1" "$ticks" <<'PY'
import json, sys, urllib.request
url, facts_file, pairs_file, name, ticks = sys.argv[1:6]
base = url.rsplit('/v1', 1)[0]
truth = {r['requestId']: r for r in json.load(urllib.request.urlopen(base + '/sim/requests'))}
f = json.load(open(facts_file))
overheads, sim_ttft = [], []
for line in open(pairs_file):
    request_id, ttft = line.split()
    t = truth.get(request_id)
    if t and t['firstContentNanos'] >= 0:
        own = (t['firstContentNanos'] - t['arrivalNanos']) / 1e6
        overheads.append(float(ttft) - own)
        sim_ttft.append(own)
overheads.sort(); sim_ttft.sort()
pct = lambda xs, q: xs[min(len(xs) - 1, int(len(xs) * q))] if xs else float('nan')
mean = sum(overheads) / len(overheads) if overheads else float('nan')
sim_cpu = f['sim_ticks'] / int(ticks)
per4k = lambda x: x * 4096 / max(1, f['counted'])
rate = f"{f['arrivals_s']:8.1f}" if f.get('arrivals_s') is not None else '       -'
print(f"{name:>17} {f['ok']:>6}/{f['requested']:<6} {f['req_s']:9.1f} {rate} {f['tok_s']:10.0f}"
      f" {mean:9.2f} {pct(overheads, 0.99):9.2f} {f['cpu_s']:7.2f} {per4k(f['cpu_s']):8.2f} {f['rss_mib']:6d}"
      f"  {f['ttft_p50']:7.1f} {pct(sim_ttft, 0.5):7.1f} {pct(sim_ttft, 0.99):7.1f} {sim_cpu:7.2f} {per4k(sim_cpu):8.2f} {f.get('errors') or f.get('note') or ''}")
PY
}

bench() { # NAME REQUESTS ARGS... (the engine: deepstress run; a --warmup W among ARGS is left out of the figures)
	local name=$1 requests=$2; shift 2
	selected "$name" || return 0
	local warmup=0 prev=""
	for arg in "$@"; do [ "$prev" = --warmup ] && warmup=$arg; prev=$arg; done
	forget_sim_requests
	local sim_before; sim_before=$(sim_cpu_ticks)
	DEEPSTRESS_VM_ARGS="${CLIENT_VM_ARGS:-${DEEPSTRESS_VM_ARGS:-}}" "${client_pin[@]}" "$app" run --url "$url" --model deepstress-sim --max-tokens 128 --requests "$requests" --quiet --no-save \
		--connect-timeout 30 --out "$out/$name.json" --samples "$out/$name.jsonl" "$@" >"$out/$name.txt" 2>"$out/$name.err" \
		|| { echo "$name: run failed"; cat "$out/$name.err"; return; }
	local sim_after; sim_after=$(sim_cpu_ticks)
	python3 - "$out/$name" "$requests" "$warmup" "$(( sim_after - sim_before ))" <<'PY'
import json, sys
stem, requests, warmup, sim_ticks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
d = json.load(open(stem + '.json'))
with open(stem + '.pairs', 'w') as pairs:
    for line in open(stem + '.jsonl'):
        s = json.loads(line)
        if not s.get('warmup') and s.get('ttft_ms') is not None:
            pairs.write(f"{s['request_id']} {s['ttft_ms']}\n")
tp = d['throughput']
json.dump({'requested': requests, 'ok': d['requests']['succeeded'], 'req_s': tp['requests_per_s'],
           'arrivals_s': tp.get('achieved_rate'), 'tok_s': tp['output_tokens_per_s'], 'cpu_s': d['client']['cpu_s'],
           'rss_mib': d['client']['peak_rss_kib'] // 1024, 'ttft_p50': d['ttft_ms']['p50'], 'sim_ticks': sim_ticks,
           'counted': requests + warmup, 'errors': d['errors']}, open(stem + '.facts', 'w'))
PY
	report "$name"
}

bare() { # NAME CONCURRENCY REQUESTS [WARMUP]: benchmarks/BareReader.java, the floor this machine allows
	local name=$1 concurrency=$2 requests=$3 warmup=${4:-0}
	selected "$name" || return 0
	forget_sim_requests
	local sim_before; sim_before=$(sim_cpu_ticks)
	"${client_pin[@]}" "$client_java" -XX:TieredStopAtLevel=1 "$root/benchmarks/BareReader.java" "$url" "$concurrency" "$requests" \
		"$out/$name.pairs" "$warmup" >"$out/$name.json" 2>"$out/$name.err" || { echo "$name: run failed"; cat "$out/$name.err"; return; }
	local sim_after; sim_after=$(sim_cpu_ticks)
	python3 - "$out/$name" "$requests" "$(( sim_after - sim_before ))" <<'PY'
import json, sys
stem, requests, sim_ticks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
d = json.load(open(stem + '.json'))
ttfts = sorted(float(l.split()[1]) for l in open(stem + '.pairs'))
json.dump({'requested': requests, 'ok': d['requests'] - d['warmup'], 'req_s': d['requests'] / d['seconds'], 'arrivals_s': None,
           'tok_s': d['requests'] * 128 / d['seconds'], 'cpu_s': d['user_s'] + d['system_s'], 'rss_mib': 0,
           'ttft_p50': ttfts[len(ttfts) // 2], 'sim_ticks': sim_ticks, 'counted': d['requests'],
           'note': f"user {d['user_s']:.2f} + system {d['system_s']:.2f} s, {d['reads'] / d['requests']:.1f} reads per request"},
          open(stem + '.facts', 'w'))
PY
	report "$name"
}

printf '%17s %13s %9s %8s %10s %9s %9s %7s %8s %6s  %7s %7s %7s %7s %8s\n' level "ok/requests" "req/s" arrivals "out tok/s" \
	"ovh mean" "ovh p99" "cpu s" "cpu/4k" "RSS MB" "TTFT p50" "simT p50" "simT p99" "sim cpu" "sim/4k"
bench c1 32 --concurrency 1
bench c64 1024 --concurrency 64
bench c256 4096 --concurrency 256
bench c1024 4096 --concurrency 1024
bench c2048 8192 --concurrency 2048
bench r250 4096 --rate 250 --concurrency 2048
bench r500 4096 --rate 500 --concurrency 2048
bench r1000 8192 --rate 1000 --concurrency 2048
# 1,024 streams measured after 4 waves of warm-up (the first waves start together, in step), and the
# bare reader at 1,024 streams the same two ways
bench c1024-steady 4096 --concurrency 1024 --warmup 4096
bare bare-c1024 1024 4096
bare bare-c1024-steady 1024 4096 4096
python3 -c "import json,sys; print('client JVM:', json.load(open(sys.argv[1]))['client']['java'])" "$out/c1.json" 2>/dev/null || true
echo "(ovh = client TTFT minus the simulator's own TTFT for the same request, ms; cpu = client process CPU during the run; simT = the simulator's own TTFT (its pacing: 50 ms when on time); sim cpu = the simulator process's CPU; bare-* = benchmarks/BareReader.java, the cheapest possible reader, for the floor)"
