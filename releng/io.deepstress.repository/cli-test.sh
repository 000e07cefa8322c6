#!/usr/bin/env bash
# Command-line test of the built product, run by `mvn verify` in the integration-test phase after the
# smoke test (skipped with -DskipTests). No display: the CLI is a headless application.
#   cli-test.sh PRODUCT_DIR WORKDIR
# Starts `deepstress simulate` as its own process, runs `deepstress run` against it and against the
# built-in simulator, and checks outputs, exit codes and error handling.
set -euo pipefail
app="$1/deepstress"
work=$2
rm -rf "$work"; mkdir -p "$work"
unset DISPLAY
export DEEPSTRESS_DATA="$work/data"
passed=0
failed=0
sim_pid=""
trap '[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true' EXIT

ok() { passed=$((passed + 1)); echo "cli-test: ok   $*"; }
bad() { failed=$((failed + 1)); echo "cli-test: FAIL $*"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {'d': d}))" "$@"; }

# 1. the simulator as a separate process
"$app" simulate --port 0 --ttft-ms 20 --itl-ms 2 --tokens 16 >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 300); do grep -q 'listening on' "$work/sim.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/sim.out" | head -n 1)
if [ -n "$url" ]; then ok "simulate prints its URL ($url)"; else bad "simulate did not start"; cat "$work/sim.out" "$work/sim.err"; exit 1; fi

# 2. a closed-loop run with JSON and samples
t0=$(date +%s%3N)
if "$app" run --url "$url" --model deepstress-sim --concurrency 4 --requests 40 --max-tokens 16 \
	--out "$work/run.json" --samples "$work/samples.jsonl" >"$work/run.out" 2>"$work/run.err"; then
	ok "run exits 0 in $(( $(date +%s%3N) - t0 )) ms"
else
	bad "run failed"; cat "$work/run.out" "$work/run.err"
fi
[ "$(json "$work/run.json" "d['requests']['succeeded']")" = 40 ] && ok "40 requests succeeded" || bad "succeeded: $(cat "$work/run.json")"
[ "$(json "$work/run.json" "d['tokens']['output']")" = 640 ] && ok "640 output tokens from usage" || bad "tokens"
json "$work/run.json" "all(k in d[m] for m in ('ttft_ms','e2e_ms','itl_ms','tpot_ms') for k in ('mean','p50','p90','p99','max'))" | grep -q True \
	&& ok "latency fields present" || bad "latency fields"
json "$work/run.json" "d['ttft_ms']['p50'] >= 20 and d['throughput']['requests_per_s'] > 0 and d['client']['cpu_s'] > 0" | grep -q True \
	&& ok "TTFT >= the simulator's 20 ms, throughput and client CPU reported" || bad "values: $(cat "$work/run.json")"
[ "$(wc -l <"$work/samples.jsonl")" = 40 ] && ok "one sample line per request" || bad "samples: $(wc -l <"$work/samples.jsonl")"
grep -q 'TTFT' "$work/run.out" && ok "summary table on stdout" || bad "no table"

# 3. open loop with an error mix: the run finishes and exits 0
if "$app" run --url "$url" --model deepstress-sim --rate 100 --requests 50 --quiet --out "$work/open.json" >/dev/null 2>"$work/open.err"; then
	json "$work/open.json" "abs(d['throughput']['achieved_rate'] - 100) < 5" | grep -q True && ok "open loop at 100 req/s" || bad "rate: $(cat "$work/open.json")"
else
	bad "open loop run failed"; cat "$work/open.err"
fi
"$app" run --url "$url" --model no-such-model --requests 3 --quiet --out "$work/404.json" >/dev/null 2>&1 \
	&& [ "$(json "$work/404.json" "d['requests']['failed']")" = 3 ] && ok "wrong model: requests fail, exit 0" || bad "wrong model"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$app" run --url "http://127.0.0.1:$port/v1" --model m --requests 2 --quiet --out "$work/refused.json" >/dev/null 2>&1 \
	&& [ "$(json "$work/refused.json" "d['errors'].get('connect')")" = 2 ] && ok "refused port: connect errors, exit 0" || bad "refused port"

# 4. configuration errors exit 2 with a message
expect2() {
	local what=$1; shift
	set +e; "$app" "$@" >"$work/e.out" 2>"$work/e.err"; local rc=$?; set -e
	if [ "$rc" = 2 ] && [ -s "$work/e.err" ]; then ok "$what: exit 2 ($(head -n 1 "$work/e.err"))"; else bad "$what: exit $rc"; cat "$work/e.err"; fi
}
expect2 "unknown flag" run --url "$url" --model m --bogus
expect2 "bad number" run --url "$url" --model m --concurrency zero
expect2 "bad URL" run --url "ftp://x" --model m
printf 'caf\xe9\n' >"$work/latin1.txt"
expect2 "prompts file not UTF-8" run --url "$url" --model m --prompts "$work/latin1.txt"
expect2 "unknown command" frobnicate

# 5. the built-in simulator in-process
if "$app" run --url builtin --requests 8 --concurrency 2 --quiet --out "$work/builtin.json" >/dev/null 2>"$work/builtin.err" \
	&& [ "$(json "$work/builtin.json" "d['requests']['succeeded']")" = 8 ]; then ok "--url builtin"; else bad "--url builtin"; cat "$work/builtin.err"; fi

kill "$sim_pid" 2>/dev/null || true
wait "$sim_pid" 2>/dev/null || true
sim_pid=""
echo "cli-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
