#!/usr/bin/env bash
# Agents test of the built product (issue 15): 4 `deepstress run --batch ID --shard I/4` processes against one
# `deepstress simulate` process, recording into one records store, then `deepstress runs merge --batch ID`:
# the merged percentiles must be those of the union of the agents' per-request samples (their --samples files) at
# the histograms' precision, the counts their sums, every agent's clock measured against the simulator.
#   agents-test.sh PRODUCT_DIR WORKDIR
# AGENTS_MODE=parallel runs the 4 processes at once (a store that several processes share: the Derby network
# server or PostgreSQL; the default); sequential runs them one after another.
set -euo pipefail
app="$1/deepstress"
work=$2
mode=${AGENTS_MODE:-parallel}
rm -rf "$work"; mkdir -p "$work/home"
unset DISPLAY
export DEEPSTRESS_DATA="$work/data"
export DEEPSTRESS_VM_ARGS="${DEEPSTRESS_VM_ARGS:-} -Duser.home=$work/home"
passed=0; failed=0; sim_pid=""
trap '[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true' EXIT
ok() { passed=$((passed + 1)); echo "agents-test: ok   $*"; }
bad() { failed=$((failed + 1)); echo "agents-test: FAIL $*"; }

"$app" simulate --port 0 --ttft-ms 25 --itl-ms 3 --tokens 12 >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 300); do grep -q 'listening on' "$work/sim.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/sim.out" | head -n 1)
[ -n "$url" ] || { bad "simulate did not start"; cat "$work/sim.out" "$work/sim.err"; exit 1; }

# the records database is created once before the agents start (as a shared store is set up before a test)
"$app" runs list >"$work/create.out" 2>&1 || { bad "runs list (creating the records database)"; cat "$work/create.out"; }
batch="agents-$(date +%s)-$$"
agent() { # INDEX
	"$app" run --url "$url" --model deepstress-sim --concurrency 8 --requests 160 --max-tokens 12 \
		--batch "$batch" --shard "$1/4" --quiet --out "$work/agent-$1.json" --samples "$work/agent-$1.jsonl" \
		>"$work/agent-$1.out" 2>"$work/agent-$1.err"
}
pids=()
for i in 0 1 2 3; do
	if [ "$mode" = parallel ]; then agent "$i" & pids+=($!); else
		if agent "$i"; then ok "agent $i/4 exits 0 ($mode)"; else bad "agent $i/4 failed"; cat "$work/agent-$i.err"; fi
	fi
done
for i in "${!pids[@]}"; do
	if wait "${pids[$i]}"; then ok "agent $i/4 exits 0 ($mode)"; else bad "agent $i/4 failed"; cat "$work/agent-$i.err"; fi
done

set +e; "$app" runs merge --batch "$batch" --out "$work/merged.json" >"$work/merge.out" 2>"$work/merge.err"; rc=$?; set -e
[ "$rc" = 0 ] && ok "runs merge exits 0" || { bad "runs merge: exit $rc"; cat "$work/merge.out" "$work/merge.err"; }
cat "$work/merge.out"

# the union of the agents' samples against the merged figures
if python3 - "$work" <<'PY'
import json, math, sys, glob
work = sys.argv[1]
m = json.load(open(f"{work}/merged.json"))
values = {"ttft_ms": [], "e2e_ms": []}
total = 0
for f in sorted(glob.glob(f"{work}/agent-?.jsonl")):
    for line in open(f):
        s = json.loads(line)
        if s["final"] and not s["warmup"]:
            total += 1
            if s.get("error") is None:
                for k in values:
                    values[k].append(round(s[k] * 1000))  # µs, as the engine records them
problems = []
if m["requests"]["total"] != total:
    problems.append(f"merged total {m['requests']['total']} != {total} samples")
if len(m["agents"]) != 4 or sorted(str(a["shard"]) for a in m["agents"]) != ["0/4", "1/4", "2/4", "3/4"]:
    problems.append(f"agents: {[a['shard'] for a in m['agents']]}")
for a in m["agents"]:
    if a["clock_source"] != "simulator" or abs(a["clock_offset_ms"]) > a["clock_uncertainty_ms"] + 2:
        problems.append(f"clock of {a['shard']}: {a['clock_offset_ms']} ± {a['clock_uncertainty_ms']} ({a['clock_source']})")
for k, v in values.items():
    v.sort()
    got = m[k]
    if got["count"] != len(v):
        problems.append(f"{k} count {got['count']} != {len(v)}")
        continue
    for q in (50, 90, 95, 99):
        want = v[max(1, math.ceil(q / 100 * len(v))) - 1]
        have = got[f"p{q}"] * 1000
        # HdrHistogram (3 digits) reports the top of the value's bucket: within 1/1024 above it
        if not (want - 1 <= have <= want + want / 1024 + 2):
            problems.append(f"{k} p{q}: merged {have:.0f} µs, union {want} µs")
    print(f"agents-test: {k} p50 {got['p50']} p99 {got['p99']} ms over {len(v)} requests of 4 agents")
for p in problems:
    print("agents-test: " + p)
sys.exit(1 if problems else 0)
PY
then ok "merged percentiles = the union of the 4 agents' samples; counts and clocks right"
else bad "merged figures differ from the agents' samples"; fi

echo "agents-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
