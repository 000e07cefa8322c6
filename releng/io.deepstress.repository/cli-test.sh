#!/usr/bin/env bash
# Command-line test of the built product, run by `mvn verify` in the integration-test phase after the
# smoke test (skipped with -DskipTests). No display: the CLI is a headless application.
#   cli-test.sh PRODUCT_DIR WORKDIR [SAMPLE_REPOSITORY]
# Starts `deepstress simulate` as its own process, runs `deepstress run` against it and against the
# built-in simulator, and checks outputs, exit codes and error handling. With SAMPLE_REPOSITORY (the p2
# repository of samples/), also installs and uninstalls the sample plug-in in a copy of the product.
set -euo pipefail
app="$1/deepstress"
work=$2
sample_repo=${3:-}
rm -rf "$work"; mkdir -p "$work"
unset DISPLAY
export DEEPSTRESS_DATA="$work/data"
# known_hosts, the secure-storage key and file: under the test's own home, not the user's
mkdir -p "$work/home"
export DEEPSTRESS_VM_ARGS="-Duser.home=$work/home"
passed=0
failed=0
sim_pid=""
trap '[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true' EXIT

ok() { passed=$((passed + 1)); echo "cli-test: ok   $*"; }
bad() { failed=$((failed + 1)); echo "cli-test: FAIL $*"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {'d': d}))" "$@"; }

# 0. help without a display: --help, -h and help print the usage (exit 0), the workbench is not started and
# no crash log is left in the installation's configuration/; a bare start without a display says what to do
crash_logs() { find "$1/configuration" -maxdepth 1 -name "*.log" 2>/dev/null | wc -l; }
logs_before=$(crash_logs "$1")
for h in --help -h help; do
	set +e; "$app" "$h" >"$work/help.out" 2>"$work/help.err"; rc=$?; set -e
	if [ "$rc" = 0 ] && grep -q 'Usage: deepstress' "$work/help.out" && grep -q 'run' "$work/help.out" \
		&& ! grep -qi 'SWTError\|gtk_init' "$work/help.out" "$work/help.err"; then
		ok "'deepstress $h' prints the usage without a display"
	else
		bad "'deepstress $h': exit $rc"; cat "$work/help.out" "$work/help.err"
	fi
done
set +e; "$app" >"$work/nodisplay.out" 2>"$work/nodisplay.err"; rc=$?; set -e
if [ "$rc" = 1 ] && grep -q 'no display' "$work/nodisplay.err" && grep -q -- '--help' "$work/nodisplay.err"; then
	ok "the workbench without a display: exit 1 and a message naming --help"
else
	bad "the workbench without a display: exit $rc"; cat "$work/nodisplay.out" "$work/nodisplay.err"
fi
[ "$(crash_logs "$1")" = "$logs_before" ] && ok "no crash log left in configuration/" || bad "crash log left: $(find "$1/configuration" -maxdepth 1 -name "*.log")"

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
json "$work/run.json" "sum(p['completed'] for p in d['timeline']) == 40 and all(k in d['timeline'][0] for k in ('t_s','in_flight','completed','output_tokens_per_s','ttft_p50_ms','ttft_p99_ms'))" | grep -q True \
	&& ok "--out has the per-second timeline" || bad "timeline: $(cat "$work/run.json")"
json "$work/run.json" "d['server_metrics_state']['state'] == 'ok' and any(s['name'] == 'vllm:num_requests_running' and len(s['points'][0]) == 2 for s in d['server_metrics'])" | grep -q True \
	&& ok "--server-metrics auto scraped the simulator's /metrics" || bad "server metrics: $(cat "$work/run.json")"
"$app" probe --url "$url" --json >"$work/probe.json" 2>"$work/probe.err" \
	&& json "$work/probe.json" "d['streaming'] and d['include_usage'] and d['metrics'] and d['server'] == 'vllm'" | grep -q True \
	&& ok "probe sees streaming, usage and /metrics" || bad "probe: $(cat "$work/probe.json" "$work/probe.err")"
grep -q 'TTFT' "$work/run.out" && ok "summary table on stdout" || bad "no table"
hf_tok="$(cd "$(dirname "$0")/../.." && pwd)/tests/io.deepstress.cli.tests/resources/tokenizers/byte-level-bpe.json"
"$app" run --url "$url" --model deepstress-sim --requests 3 --input-tokens 40 --output-tokens 4 --tokenizer "$hf_tok" \
	--quiet --no-save --out "$work/hf.json" >/dev/null 2>"$work/hf.err" \
	&& json "$work/hf.json" "d['input_tokens']['max'] == 40 and d['tokenizer'].startswith('file:')" | grep -q True \
	&& ok "a Hugging Face tokenizer.json counts the prompts in the installed product" || bad "tokenizer.json: $(cat "$work/hf.json" "$work/hf.err")"

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

# 4b. file handles: a soft limit below the hard one is raised by the launch script; a hard limit that cannot
# hold the planned connections refuses the run before it starts, saying what to run
if (ulimit -Sn 256 && "$app" run --url "$url" --model deepstress-sim --concurrency 400 --requests 40 --max-tokens 4 \
	--quiet --out "$work/fd-raised.json" >/dev/null 2>"$work/fd-raised.err") \
	&& [ "$(json "$work/fd-raised.json" "d['requests']['succeeded']")" = 40 ]; then
	ok "soft open-file limit 256 raised to the hard one: 400 connections ran"
else
	bad "soft open-file limit not raised"; cat "$work/fd-raised.err"
fi
set +e; (ulimit -n 600 && "$app" run --url "$url" --model deepstress-sim --concurrency 2000 --requests 10 --quiet \
	>"$work/fd.out" 2>"$work/fd.err"); rc=$?; set -e
if [ "$rc" = 2 ] && grep -q 'ulimit -n' "$work/fd.err" && grep -q '2004 connections need' "$work/fd.err"; then
	ok "hard open-file limit 600: 2,000 connections refused before the run ($(head -n 1 "$work/fd.err" | cut -c1-120)...)"
else
	bad "open-file limit: exit $rc"; cat "$work/fd.err"
fi

# 5. the built-in simulator in-process
if "$app" run --url builtin --requests 8 --concurrency 2 --quiet --out "$work/builtin.json" >/dev/null 2>"$work/builtin.err" \
	&& [ "$(json "$work/builtin.json" "d['requests']['succeeded']")" = 8 ]; then ok "--url builtin"; else bad "--url builtin"; cat "$work/builtin.err"; fi

# 6. records: every run above was saved; runs list / show / delete
"$app" runs list --limit 100 >"$work/runs.out" 2>"$work/runs.err" && [ "$(grep -c ' completed ' "$work/runs.out")" -ge 5 ] \
	&& ok "runs list shows the completed runs" || { bad "runs list"; cat "$work/runs.out" "$work/runs.err"; }
run_id=$(json "$work/run.json" "d['run_id']")
"$app" runs show "$run_id" >"$work/show.out" 2>&1 && grep -q "40 attempts stored" "$work/show.out" \
	&& ok "runs show: the stored run with its 40 samples" || { bad "runs show"; cat "$work/show.out"; }
"$app" runs export "$run_id" --format csv --out "$work/run.csv" >/dev/null 2>&1 && [ "$(wc -l <"$work/run.csv")" = 41 ] \
	&& ok "runs export csv: header + 40 attempts" || { bad "runs export csv"; head -3 "$work/run.csv"; }
"$app" runs export "$run_id" --format json --out "$work/export.json" >/dev/null 2>&1 \
	&& DEEPSTRESS_DATA="$work/other-data" "$app" runs import "$work/export.json" >/dev/null 2>&1 \
	&& DEEPSTRESS_DATA="$work/other-data" "$app" runs export "$run_id" --format json --out "$work/export2.json" >/dev/null 2>&1 \
	&& cmp -s "$work/export.json" "$work/export2.json" \
	&& ok "runs export json / import into another data directory: identical export" || bad "runs export/import round trip"
"$app" runs delete "$run_id" >/dev/null 2>&1 && ! "$app" runs show "$run_id" >/dev/null 2>&1 \
	&& ok "runs delete" || bad "runs delete"

# 7. kill -9 in the middle of a run: after restart the run is interrupted and keeps what was synced
"$app" run --url "$url" --model deepstress-sim --concurrency 4 --duration 60 --name killed >"$work/killed.out" 2>&1 &
victim=$!
# kill it once some results are synced (a progress line with requests done, then two more seconds), however long
# the JVM takes to start on a busy machine
for _ in $(seq 1 120); do grep -qE '\] [1-9][0-9]* done' "$work/killed.out" && break; sleep 0.5; done
sleep 2
kill -9 "$victim"; wait "$victim" 2>/dev/null || true
# the launcher script exec'ed java, so the pid is the JVM's
"$app" runs list --status interrupted >"$work/interrupted.out" 2>&1
killed_id=$(awk '/ interrupted .* killed /{print $1; exit}' "$work/interrupted.out")
if [ -n "$killed_id" ]; then
	"$app" runs show "$killed_id" >"$work/killed-show.out" 2>&1
	stored=$(sed -n 's/.*samples *\([0-9]*\) attempts stored.*/\1/p' "$work/killed-show.out")
	attempts=$(sed -n 's/.*requests .*(\([0-9]*\) attempts).*/\1/p' "$work/killed-show.out")
	if [ -n "$stored" ] && [ "$stored" -gt 0 ] && [ "$stored" = "$attempts" ]; then
		ok "kill -9: run interrupted with its $stored synced samples"
	else
		bad "kill -9: stored $stored samples, row says $attempts"; cat "$work/killed-show.out"
	fi
	# figures from the synced samples: model, load, duration, percentiles; no null or NaN anywhere
	if grep -q 'from [0-9]* synced samples' "$work/killed-show.out" && grep -q 'model deepstress-sim' "$work/killed-show.out" \
		&& grep -q 'closed loop, concurrency 4' "$work/killed-show.out" && grep -qE 'duration +[0-9]+\.[0-9]+ s' "$work/killed-show.out" \
		&& ! grep -qiE '\bnull\b|\bnan\b' "$work/killed-show.out" "$work/interrupted.out"; then
		ok "kill -9: runs show has figures from the synced samples, no null/NaN"
	else
		bad "kill -9: runs show of the interrupted run"; cat "$work/killed-show.out" "$work/interrupted.out"
	fi
else
	bad "kill -9: no interrupted run"; cat "$work/interrupted.out"
fi

# 7b. a capacity search killed (kill -9) mid-search keeps its finished levels, is listed as partial, and
# `capacity --resume BATCH_ID` continues it from them to an answer that covers the simulator's 2 slots
"$app" simulate --port 0 --slots 2 --ttft-ms 10 --itl-ms 50 --tokens 12 >"$work/capsim.out" 2>"$work/capsim.err" &
capsim_pid=$!
for _ in $(seq 300); do grep -q 'listening on' "$work/capsim.out" 2>/dev/null && break; sleep 0.1; done
capurl=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/capsim.out" | head -n 1)
cap_args=(--url "$capurl" --model deepstress-sim --slo 'ttft<=60ms,attainment>=70%' --min 1 --max 8 --level-duration 1.5 --max-error-rate 0.2)
"$app" capacity "${cap_args[@]}" --out "$work/cap-killed.json" >"$work/cap1.out" 2>"$work/cap1.err" &
cap_pid=$!
# killed during the search's third level (two finished), however long the JVM takes to start
for _ in $(seq 1 240); do grep -q 'level 2:' "$work/cap1.err" 2>/dev/null && break; sleep 0.25; done
sleep 0.5
kill -9 "$cap_pid"; wait "$cap_pid" 2>/dev/null || true
cap_batch=$(sed -n 's/^deepstress capacity: batch \([^ ]*\).*/\1/p' "$work/cap1.err" 2>/dev/null | head -n 1)
finished=$(grep -c 'deepstress capacity: level ' "$work/cap1.err" || true)
"$app" runs searches --partial >"$work/searches.out" 2>&1 || true
if [ -n "$cap_batch" ] && [ ! -f "$work/cap-killed.json" ] && grep -q "^$cap_batch  partial" "$work/searches.out"; then
	ok "capacity kill -9: batch $cap_batch listed as partial after $finished finished levels"
else
	bad "capacity kill -9: batch '$cap_batch' not listed as partial"; cat "$work/cap1.err" "$work/searches.out"
fi
set +e; "$app" capacity "${cap_args[@]}" --max 6 --resume "$cap_batch" --out "$work/cap-other.json" >"$work/cap2.out" 2>"$work/cap2.err"; rc=$?; set -e
[ "$rc" = 2 ] && grep -q -- '--max was 8, now 6' "$work/cap2.err" && [ ! -f "$work/cap-other.json" ] \
	&& ok "capacity --resume of a different search is refused (exit 2, names what differs)" || { bad "resume of a different search (rc $rc)"; cat "$work/cap2.err"; }
set +e; "$app" capacity "${cap_args[@]}" --resume "$cap_batch" --out "$work/cap-resumed.json" >"$work/cap3.out" 2>"$work/cap3.err"; rc=$?; set -e
if [ "$rc" = 0 ] && [ "$(json "$work/cap-resumed.json" "d['batch_id']")" = "$cap_batch" ] \
	&& json "$work/cap-resumed.json" "d['interval'][0] <= 2 <= d['interval'][1] and d['answer'] == 2 and len(d['levels']) > $finished" | grep -q True; then
	ok "capacity --resume: the answer $(json "$work/cap-resumed.json" "d['answer']") (interval $(json "$work/cap-resumed.json" "d['interval']")) covers 2 slots, same batch"
else
	bad "capacity --resume (rc $rc)"; cat "$work/cap3.out" "$work/cap3.err"; cat "$work/cap-resumed.json" 2>/dev/null || true
fi
# the finished levels were not run again: the resumed JSON's first level has the runs the killed search stored
killed_runs=$("$app" runs list --batch "$cap_batch" 2>/dev/null | grep -c ' capacity c' || true)
resumed_runs=$(json "$work/cap-resumed.json" "sum(len(l['runs']) for l in d['levels'])" 2>/dev/null || echo 0)
[ "$killed_runs" -ge "$resumed_runs" ] && [ "$resumed_runs" -gt 0 ] \
	&& ok "capacity --resume: $resumed_runs judged runs, $killed_runs runs in the batch (the killed level's run kept)" \
	|| bad "capacity --resume runs: batch $killed_runs, judged $resumed_runs"
"$app" runs searches >"$work/searches2.out" 2>&1 && grep -q "^$cap_batch  complete" "$work/searches2.out" \
	&& ok "the resumed search is complete" || { bad "searches after resume"; cat "$work/searches2.out"; }
"$app" report --batch "$cap_batch" --out "$work/cap-report.html" >/dev/null 2>&1 && grep -q 'id="capacity"' "$work/cap-report.html" \
	&& grep -q 'data-chart="capacity-goodput"' "$work/cap-report.html" && ok "the search's report has its capacity section" \
	|| bad "capacity report"
kill "$capsim_pid" 2>/dev/null || true

# 8. two processes on one records database: the first serves it to the others (Derby's network server on
# 127.0.0.1, credentials in deepstress-db.server), so `runs list` sees the other's run running and a second
# run beside it is recorded too
"$app" run --url "$url" --model deepstress-sim --concurrency 2 --duration 20 --name holder >"$work/holder.out" 2>&1 &
holder=$!
# the holder has the database open once its run is under way (it opens the store before the run starts)
for _ in $(seq 1 120); do grep -qE '\] [0-9]+ done' "$work/holder.out" && break; sleep 0.5; done
"$app" runs list --status running >"$work/running.out" 2>&1 || true
if grep -qE ' running .* holder' "$work/running.out" && [ -f "$DEEPSTRESS_DATA/workspace/deepstress-db.server" ] \
	&& [ "$(stat -c %a "$DEEPSTRESS_DATA/workspace/deepstress-db.server")" = 600 ]; then
	ok "runs list during another process's run: it is listed running (server file 0600)"
else
	bad "runs list during another process's run"; cat "$work/running.out"; ls -la "$DEEPSTRESS_DATA/workspace" || true
fi
if "$app" run --url "$url" --model deepstress-sim --requests 3 --name second --out "$work/second.json" >"$work/second.out" 2>"$work/second.err" \
	&& ! grep -qiE 'read-only|not be saved|NOT completely' "$work/second.out" "$work/second.err" \
	&& "$app" runs show "$(json "$work/second.json" "d['run_id']")" >"$work/second-show.out" 2>&1 \
	&& grep -q "3 attempts stored" "$work/second-show.out"; then
	ok "a second run while another process runs: recorded, 3 samples"
else
	bad "a second run while another process runs"; cat "$work/second.out" "$work/second.err" "$work/second-show.out" 2>/dev/null || true
fi
wait "$holder" 2>/dev/null || true
"$app" runs list --limit 100 >"$work/both.out" 2>&1 || true
grep -qE ' completed .* holder' "$work/both.out" && grep -qE ' completed .* second' "$work/both.out" \
	&& ok "both processes' runs completed in one database" || { bad "both runs completed"; cat "$work/both.out"; }

# 9. GPU telemetry on the terminal, from the fake nvidia-smi of the GPU tests (no GPU here)
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work/smi"
cp "$repo/tests/io.deepstress.gpu.tests/resources/fake-nvidia-smi" "$work/smi/nvidia-smi"
chmod +x "$work/smi/nvidia-smi"
if "$app" gpu watch --source smi --smi-command "$work/smi/nvidia-smi" --interval 200 --count 3 >"$work/gpu.out" 2>"$work/gpu.err" \
	&& [ "$(grep -c 'gpu[01] ' "$work/gpu.out")" = 6 ] && grep -q 'H100' "$work/gpu.out" && grep -q 'power [0-9.]*/- W' "$work/gpu.out"; then
	ok "gpu watch: 3 readings of 2 GPUs, [N/A] shown as -"
else
	bad "gpu watch"; cat "$work/gpu.out" "$work/gpu.err"
fi
"$app" run --url "$url" --model deepstress-sim --concurrency 2 --duration 3 --quiet --gpu "smi:$work/smi/nvidia-smi" \
	--out "$work/gpurun.json" >/dev/null 2>"$work/gpurun.err" || { bad "run --gpu"; cat "$work/gpurun.err"; }
"$app" runs show "$(json "$work/gpurun.json" "d['run_id']")" >"$work/gpurun-show.out" 2>&1
gpu_samples=$(sed -n 's/.*gpu *\([0-9]*\) GPU samples stored (2 GPUs).*/\1/p' "$work/gpurun-show.out")
[ -n "$gpu_samples" ] && [ "$gpu_samples" -ge 4 ] && ok "run --gpu: $gpu_samples GPU samples of 2 GPUs kept with the run" \
	|| { bad "run --gpu samples"; cat "$work/gpurun-show.out"; }
set +e; "$app" gpu watch --count 1 >/dev/null 2>"$work/nvml.err"; rc=$?; set -e
[ "$rc" = 1 ] && grep -q 'libnvidia-ml.so.1' "$work/nvml.err" && ok "gpu watch without NVML: the reason, exit 1" \
	|| { bad "gpu watch without NVML (exit $rc)"; cat "$work/nvml.err"; }

# 10. GPU hosts over SSH: a real sshd on 127.0.0.1 (the SSH GPU tests' script), its session runs the fake
#     nvidia-smi; key host with an unknown host key confirmed by --trust, then a password host (secret in
#     secure storage, not in the database)
ssh_user=deepstress-ssh
if [ "$(id -u)" = 0 ] && id "$ssh_user" >/dev/null 2>&1 && [ -x /usr/sbin/sshd ]; then
	sshd_script="$repo/tests/io.deepstress.gpu.ssh.tests/scripts/sshd.sh"
	remote=$(mktemp -d /tmp/deepstress-cli-sshd-XXXXXX); chmod 755 "$remote"
	free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
	p1=$(free_port); p2=$(free_port)
	KEY_PASSPHRASE=cli-test-passphrase bash "$sshd_script" setup "$work/sshd" "$remote" "$ssh_user" >/dev/null
	bash "$sshd_script" start "$work/sshd" "$remote" "$ssh_user" "$p1" "$p2" >/dev/null
	# without PAM, sshd refuses every login (keys too) to an account whose password is locked: give it a
	# fresh random password for this test and lock it again at the end
	password="cli-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
	echo "$ssh_user:$password" | chpasswd
	"$app" hosts add lab --ssh "$ssh_user@127.0.0.1:$p1" --key "$work/sshd/client/id_ed25519" >/dev/null 2>"$work/hosts.err" \
		&& ok "hosts add (key)" || { bad "hosts add"; cat "$work/hosts.err"; }
	set +e; "$app" gpu watch --host lab --count 1 >/dev/null 2>"$work/unknown.err"; rc=$?; set -e
	fp=$(sed -n 's/.*--trust \(SHA256:[^ ]*\).*/\1/p' "$work/unknown.err" | head -n 1)
	[ "$rc" = 1 ] && [ -n "$fp" ] && ok "unknown host key refused, fingerprint shown ($fp)" || { bad "unknown host key (exit $rc)"; cat "$work/unknown.err"; }
	"$app" gpu watch --host lab --count 2 --trust "$fp" >"$work/ssh.out" 2>"$work/ssh.err" && [ "$(grep -c 'gpu[01] ' "$work/ssh.out")" = 4 ] \
		&& ok "gpu watch over SSH after --trust: 2 readings of 2 GPUs" || { bad "gpu watch --trust"; cat "$work/ssh.out" "$work/ssh.err"; }
	"$app" gpu watch --host lab --count 1 >/dev/null 2>"$work/known.err" && ok "the trusted key is remembered" \
		|| { bad "remembered key"; cat "$work/known.err"; }
	"$app" run --url "$url" --model deepstress-sim --concurrency 2 --duration 3 --quiet --gpu lab --out "$work/sshrun.json" >/dev/null 2>&1
	"$app" runs show "$(json "$work/sshrun.json" "d['run_id']")" 2>&1 | grep -q 'GPU samples stored (2 GPUs)' \
		&& ok "run --gpu lab keeps the remote GPU samples" || bad "run --gpu lab"
	if DS_TEST_PW="$password" "$app" hosts add labpw --ssh "$ssh_user@127.0.0.1:$p1" --password-env DS_TEST_PW >/dev/null 2>"$work/pw.err" \
		&& "$app" gpu watch --host labpw --count 1 >"$work/pw.out" 2>>"$work/pw.err" && [ "$(grep -c 'gpu[01] ' "$work/pw.out")" = 2 ]; then
		ok "password host: secret from secure storage, samples delivered"
	else
		bad "password host"; cat "$work/pw.out" "$work/pw.err"
	fi
	usermod -L "$ssh_user" 2>/dev/null || true
	if grep -r -q -F "$password" "$work/data" 2>/dev/null; then bad "the SSH password is in the data directory"; else ok "the SSH password is not in the data directory"; fi
	bash "$sshd_script" stop "$work/sshd" >/dev/null 2>&1 || true
	rm -rf "$remote"
else
	bad "SSH host tests need root, /usr/sbin/sshd and the user $ssh_user (see .ci/run)"
fi

# 11. saved endpoints, datasets and configurations; several configurations in one go as a batch
key="sk-cli-test-$(date +%s%N)-secret"
# a second simulator that answers 401 without this key: the key must travel from secure storage to the request
DS_SIM_KEY="$key" "$app" simulate --port 0 --ttft-ms 5 --itl-ms 1 --tokens 8 --api-key-env DS_SIM_KEY >"$work/ksim.out" 2>&1 &
ksim_pid=$!
for _ in $(seq 300); do grep -q 'listening on' "$work/ksim.out" 2>/dev/null && break; sleep 0.1; done
kurl=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/ksim.out" | head -n 1)
"$app" run --url "$kurl" --model deepstress-sim --requests 2 --quiet --no-save --out "$work/nokey.json" >/dev/null 2>&1 \
	&& [ "$(json "$work/nokey.json" "d['errors'].get('http-401')")" = 2 ] && ok "a keyed simulator answers 401 without the key" \
	|| { bad "keyed simulator without key"; cat "$work/nokey.json" "$work/ksim.out"; }
"$app" endpoints list >"$work/ep0.out" 2>&1 && grep -q "Built-in simulator" "$work/ep0.out" \
	&& ok "endpoints list: the built-in simulator on a new installation" || { bad "endpoints list"; cat "$work/ep0.out"; }
if DS_TEST_KEY="$key" "$app" endpoints add "Lab sim" --url "$kurl" --model deepstress-sim --api-key-env DS_TEST_KEY \
	--header "X-Team: perf" >"$work/ep.out" 2>&1 && "$app" endpoints list >"$work/ep1.out" 2>&1 \
	&& grep "Lab sim" "$work/ep1.out" | grep -q "API key set"; then
	ok "endpoints add: saved, key in secure storage"
else
	bad "endpoints add"; cat "$work/ep.out" "$work/ep1.out"
fi
expect2 "endpoints add with a bad URL" endpoints add broken --url "ftp://x" --model m
# header values as secrets: X-Api-Key by its name, X-Signature marked; both reach the server, neither the database
hkey="xk-cli-test-$(date +%s%N)"
hsig="sig-cli-test-$(date +%s%N)"
if "$app" endpoints add "Header gw" --url "$url" --model deepstress-sim --header "X-Api-Key: $hkey" \
	--secret-header "X-Signature: $hsig" --header "X-Team: perf" >"$work/hep.out" 2>&1 \
	&& grep -q "X-Api-Key, X-Signature in secure storage" "$work/hep.out" \
	&& "$app" run --endpoint "Header gw" --requests 2 --quiet --out "$work/hep-run.json" >/dev/null 2>"$work/hep-run.err" \
	&& [ "$(json "$work/hep-run.json" "d['requests']['succeeded']")" = 2 ] \
	&& ! grep -r -q -F -e "$hkey" -e "$hsig" "$work/data/workspace/deepstress-db" "$work/hep-run.json"; then
	ok "secret headers: values in secure storage, not in the records database; a run on the endpoint succeeds"
else
	bad "secret headers"; cat "$work/hep.out" "$work/hep-run.err"; grep -r -l -F -e "$hkey" -e "$hsig" "$work/data" || true
fi
"$app" run --endpoint "lab SIM" --requests 3 --quiet --out "$work/ep-run.json" >/dev/null 2>"$work/ep-run.err" \
	&& [ "$(json "$work/ep-run.json" "d['requests']['succeeded']")" = 3 ] \
	&& ok "run --endpoint: URL, model and key from the saved endpoint (the keyed simulator accepted it)" \
	|| { bad "run --endpoint"; cat "$work/ep-run.err" "$work/ep-run.json"; }
printf 'Say hello.\nName three colours.\n' >"$work/short.txt"
"$app" datasets import "$work/short.txt" --name short >/dev/null 2>&1 && "$app" datasets list >"$work/ds.out" 2>&1 \
	&& grep -q "^short  *2 " "$work/ds.out" && ok "datasets import: 2 prompts saved" || { bad "datasets import"; cat "$work/ds.out"; }
"$app" configs add smoke --endpoint "Lab sim" --dataset short:2 --concurrency 2 --requests 6 >/dev/null 2>"$work/cfg.err" \
	&& "$app" configs add "builtin open" --endpoint "Built-in simulator" --rate 20 --requests 10 >/dev/null 2>>"$work/cfg.err" \
	&& "$app" configs list >"$work/cfg.out" 2>&1 && [ "$(grep -c -e '^smoke ' -e '^builtin open ' "$work/cfg.out")" = 2 ] \
	&& ok "configs add / list" || { bad "configs add"; cat "$work/cfg.err" "$work/cfg.out"; }
set +e; "$app" configs add other --endpoint "Lab sim" --dataset nope >/dev/null 2>"$work/cfg2.err"; rc=$?; set -e
[ "$rc" = 1 ] && grep -q "nope" "$work/cfg2.err" && ok "configs add with a missing dataset refused ($(head -n 1 "$work/cfg2.err"))" \
	|| { bad "missing dataset: exit $rc"; cat "$work/cfg2.err"; }
set +e; "$app" datasets remove short >/dev/null 2>"$work/dsrm.err"; rc=$?; set -e
[ "$rc" = 1 ] && grep -q "smoke" "$work/dsrm.err" && ok "a dataset in use cannot be removed" || { bad "dataset in use: exit $rc"; cat "$work/dsrm.err"; }
expect2 "--config with --url" run --config smoke --url "$url"
if "$app" run --config smoke --config "builtin open" --quiet --out "$work/batch.json" >"$work/batch.out" 2>"$work/batch.err" \
	&& json "$work/batch.json" "[r['requests']['succeeded'] for r in d['runs']] == [6, 10] and len(d['batch_id']) > 0" | grep -q True; then
	ok "run --config smoke --config 'builtin open': two runs, one batch"
else
	bad "run --config"; cat "$work/batch.err" "$work/batch.json"
fi
batch=$(json "$work/batch.json" "d.get('batch_id', '')" 2>/dev/null || true)
"$app" runs list --batch "$batch" >"$work/rb.out" 2>&1 && grep -q "^2 of 2 runs" "$work/rb.out" \
	&& "$app" runs list --config smoke --endpoint "lab sim" >"$work/rc.out" 2>&1 && grep -q "^1 of 1 runs" "$work/rc.out" \
	&& "$app" runs list --since "$(date +%F)" --status completed >"$work/rd.out" 2>&1 && grep -q " completed " "$work/rd.out" \
	&& "$app" runs list --until 2000-01-01 >"$work/re.out" 2>&1 && grep -q "^0 of 0 runs" "$work/re.out" \
	&& ok "runs list filters: batch, configuration + endpoint, date, status" || { bad "runs list filters"; cat "$work/rb.out" "$work/rc.out" "$work/re.out"; }
# a saved sweep: one run per level, named after it, all in one batch
"$app" configs add "sim sweep" --endpoint "Built-in simulator" --sweep 1,3 --requests 3 >/dev/null 2>"$work/sw.err" \
	&& "$app" configs show "sim sweep" >"$work/sw-show.out" 2>&1 && grep -q "^  sweep  *1,3 " "$work/sw-show.out" \
	&& "$app" configs list >"$work/sw-list.out" 2>&1 && grep "^sim sweep " "$work/sw-list.out" | grep -q "sweep concurrency 1,3" \
	&& ok "configs add --sweep 1,3: show and list say the levels" || { bad "configs add --sweep"; cat "$work/sw.err" "$work/sw-show.out" "$work/sw-list.out"; }
expect2 "configs add --sweep with a concurrency level that is no whole number" configs add "bad sweep" \
	--endpoint "Built-in simulator" --sweep 1,2.5
if "$app" run --config "sim sweep" --quiet --out "$work/sweep.json" >"$work/sweep.out" 2>"$work/sweep.err" \
	&& json "$work/sweep.json" "[(r['name'], r['concurrency'], r['requests']['succeeded']) for r in d['sweep']] == [('sim sweep c1', 1, 3), ('sim sweep c3', 3, 3)] and len(d['batch_id']) > 0" | grep -q True; then
	ok "run --config 'sim sweep': two runs at concurrency 1 and 3, one batch"
else
	bad "run --config with a saved sweep"; cat "$work/sweep.err" "$work/sweep.json"
fi
sweep_batch=$(json "$work/sweep.json" "d.get('batch_id', '')" 2>/dev/null || true)
"$app" runs list --batch "$sweep_batch" >"$work/swb.out" 2>&1 && grep -q "^2 of 2 runs" "$work/swb.out" \
	&& grep "sim sweep c1 / closed loop, concurrency 1 " "$work/swb.out" | grep -q completed \
	&& grep "sim sweep c3 / closed loop, concurrency 3 " "$work/swb.out" | grep -q completed \
	&& ok "runs list --batch: the sweep's two levels" || { bad "runs list --batch of a saved sweep"; cat "$work/swb.out"; }
a_id=$(json "$work/batch.json" "d['runs'][0]['run_id']" 2>/dev/null || true)
b_id=$(json "$work/batch.json" "d['runs'][1]['run_id']" 2>/dev/null || true)
"$app" runs compare "$a_id" "$b_id" >"$work/cmp.out" 2>&1 && grep -q "^TTFT p50 (ms)" "$work/cmp.out" && grep -q "^requests  .* 6 .* 10 " "$work/cmp.out" \
	&& ok "runs compare: figures side by side" || { bad "runs compare"; cat "$work/cmp.out"; }
"$app" runs show "$a_id" >"$work/origin.out" 2>&1 && grep -q "configuration smoke, endpoint Lab sim, batch" "$work/origin.out" \
	&& ok "runs show: configuration, endpoint and batch" || { bad "runs show origin"; cat "$work/origin.out"; }
"$app" runs export "$a_id" --format json --out "$work/keyed.json" >/dev/null 2>&1
"$app" runs export "$a_id" --format csv --out "$work/keyed.csv" >/dev/null 2>&1
leaks=$(grep -r -l -F -e "$key" -e "$hkey" -e "$hsig" "$work/data" "$work/keyed.json" "$work/keyed.csv" "$work"/*.out "$work"/*.err 2>/dev/null || true)
[ -z "$leaks" ] && [ -s "$work/keyed.json" ] && ls "$work/data/workspace/deepstress-db/seg0" >/dev/null 2>&1 \
	&& ok "the API key is in no database file, log, export or output" || bad "API key found in: $leaks"
"$app" endpoints remove "Lab sim" >/dev/null 2>&1 && bad "an endpoint in use was removed" || ok "an endpoint in use cannot be removed"
kill "$ksim_pid" 2>/dev/null || true
wait "$ksim_pid" 2>/dev/null || true

kill "$sim_pid" 2>/dev/null || true
wait "$sim_pid" 2>/dev/null || true
sim_pid=""

# 12. plug-ins from a p2 repository, into a copy of the product (the built one stays as it is)
if [ -n "$sample_repo" ]; then
	if grep -rqs -e "/.m2/" -e "targetPlatformRepository" "$(dirname "$app")/p2/org.eclipse.equinox.p2.engine/.settings"; then
		bad "the product's p2 preferences name the build's repositories"
	else
		ok "the product's p2 preferences name none of the build's repositories"
	fi
	cp -a "$(dirname "$app")" "$work/product"
	papp="$work/product/deepstress"
	pdata="$work/pdata"
	p() { DEEPSTRESS_DATA="$pdata" "$papp" "$@"; }
	p plugins list >"$work/pl0.out" 2>&1 && grep -q "^No plug-ins installed" "$work/pl0.out" \
		&& ok "plugins list: none in a new product" || { bad "plugins list (new)"; cat "$work/pl0.out"; }
	p plugins available --repo "$sample_repo" >"$work/pa.out" 2>&1 && grep -q "^io.deepstress.sample.feature .* Sample coding prompts .* -$" "$work/pa.out" \
		&& ok "plugins available: the sample, not installed" || { bad "plugins available"; cat "$work/pa.out"; }
	(cd "$sample_repo" && python3 -c "import shutil; shutil.make_archive('$work/sample-repo', 'zip', '.')")
	p plugins available --repo "$work/sample-repo.zip" >"$work/pz.out" 2>&1 && grep -q "^io.deepstress.sample.feature " "$work/pz.out" \
		&& ok "plugins available: from a zipped repository" || { bad "plugins available (zip)"; cat "$work/pz.out"; }
	set +e
	p plugins install --repo "$sample_repo" nope >"$work/pn.out" 2>&1; rc_none=$?
	p plugins install --repo "$work/nowhere" nope >"$work/pw.out" 2>&1; rc_nowhere=$?
	p plugins install --repo "$work" nope >"$work/pr.out" 2>&1; rc_norepo=$?
	p plugins uninstall io.deepstress.core.feature >"$work/pc.out" 2>&1; rc_core=$?
	p plugins available --repo http://127.0.0.1:9/repo >"$work/ph.out" 2>&1; rc_http=$?
	set -e
	[ "$rc_none" = 1 ] && grep -q "has no plug-in nope; it offers: io.deepstress.sample.amd.feature, io.deepstress.sample.feature" "$work/pn.out" \
		&& [ "$rc_nowhere" = 2 ] && grep -q "no such directory or file" "$work/pw.out" \
		&& [ "$rc_norepo" = 1 ] && grep -q "Cannot read the p2 repository" "$work/pr.out" \
		&& [ "$rc_core" = 1 ] && grep -q "part of DeepStress itself" "$work/pc.out" \
		&& [ "$rc_http" = 1 ] && grep -q "Cannot read the p2 repository http://127.0.0.1:9/repo" "$work/ph.out" \
		&& ok "plugins: unknown id, missing path, not a repository, refused port, a part of DeepStress: clear messages" \
		|| { bad "plugins errors ($rc_none $rc_nowhere $rc_norepo $rc_core $rc_http)"; cat "$work/pn.out" "$work/pw.out" "$work/pr.out" "$work/pc.out" "$work/ph.out"; }
	if p plugins install --repo "$sample_repo" io.deepstress.sample.feature >"$work/pi.out" 2>&1 \
		&& grep -q "^Installed Sample coding prompts " "$work/pi.out"; then
		ok "plugins install: the sample plug-in"
	else
		bad "plugins install"; cat "$work/pi.out"
	fi
	# the next start has it: listed, its dataset beside the saved ones, usable by a configuration
	p plugins list >"$work/pl1.out" 2>&1 && grep -q "^io.deepstress.sample.feature .* Sample coding prompts" "$work/pl1.out" \
		&& p datasets list >"$work/pd1.out" 2>&1 && grep -q "^Sample coding prompts  *12  plug-in DeepStress sample" "$work/pd1.out" \
		&& ok "after a restart: the plug-in is listed and its dataset (12 prompts) is there" || { bad "plug-in not active"; cat "$work/pl1.out" "$work/pd1.out"; }
	p configs add coding --endpoint "Built-in simulator" --dataset "Sample coding prompts" --concurrency 2 --requests 4 >/dev/null 2>"$work/pcfg.err" \
		&& p run --config coding --quiet --no-save --out "$work/pr.json" >/dev/null 2>>"$work/pcfg.err" \
		&& [ "$(json "$work/pr.json" "d['requests']['succeeded']")" = 4 ] \
		&& ok "a configuration runs the plug-in's prompts against the built-in simulator" || { bad "run with the plug-in's dataset"; cat "$work/pcfg.err"; }
	set +e; p datasets remove "Sample coding prompts" >"$work/pdr.out" 2>&1; rc=$?; set -e
	[ "$rc" = 1 ] && grep -q "comes with the plug-in DeepStress sample" "$work/pdr.out" \
		&& ok "a plug-in's dataset cannot be removed by hand" || { bad "plug-in dataset removal (rc $rc)"; cat "$work/pdr.out"; }
	p plugins uninstall io.deepstress.sample.feature >"$work/pu.out" 2>&1 && grep -q "^Uninstalled Sample coding prompts" "$work/pu.out" \
		&& p plugins list >"$work/pl2.out" 2>&1 && grep -q "^No plug-ins installed" "$work/pl2.out" \
		&& ! p datasets list 2>&1 | grep -q "Sample coding prompts" \
		&& ok "plugins uninstall: gone after a restart" || { bad "plugins uninstall"; cat "$work/pu.out" "$work/pl2.out"; }
	set +e; p run --config coding --quiet --no-save >/dev/null 2>"$work/pgone.err"; rc=$?; set -e
	[ "$rc" = 2 ] && grep -q "uses dataset 'Sample coding prompts', which does not exist" "$work/pgone.err" \
		&& ok "a configuration of an uninstalled plug-in's dataset says so (exit 2)" || { bad "run after uninstall (rc $rc)"; cat "$work/pgone.err"; }
	# the AMD GPU source plug-in: a third party's GpuProvider, its samples from a fake amd-smi (no AMD GPU here)
	mkdir -p "$work/amd"
	cp "$repo/tests/io.deepstress.gpu.tests/resources/fake-amd-smi" "$work/amd/amd-smi"
	cp "$repo/tests/io.deepstress.gpu.tests/resources/amd-smi-metric.json" "$work/amd/"
	chmod +x "$work/amd/amd-smi"
	set +e; p gpu watch --source amd --smi-command "$work/amd/amd-smi" --count 1 >"$work/pamd0.out" 2>&1; rc_noamd=$?; set -e
	[ "$rc_noamd" = 1 ] && grep -q "no provider for LOCAL_AMD_SMI hosts" "$work/pamd0.out" \
		&& ok "gpu watch --source amd without the plug-in: no provider, exit 1" || { bad "amd without plug-in (rc $rc_noamd)"; cat "$work/pamd0.out"; }
	if p plugins install --repo "$sample_repo" io.deepstress.sample.amd.feature >"$work/pamd.out" 2>&1 \
		&& grep -q "^Installed Sample AMD GPU source " "$work/pamd.out" \
		&& p gpu watch --source amd --smi-command "$work/amd/amd-smi" --interval 300 --count 2 >"$work/pamd1.out" 2>"$work/pamd1.err" \
		&& [ "$(grep -c 'gpu[01] ' "$work/pamd1.out")" = 4 ]; then
		ok "the AMD plug-in from the p2 repository: installed, 2 readings of 2 GPUs from amd-smi"
	else
		bad "AMD plug-in"; cat "$work/pamd.out" "$work/pamd1.out" "$work/pamd1.err"
	fi
	p plugins uninstall io.deepstress.sample.amd.feature >/dev/null 2>&1 || bad "uninstall the AMD plug-in"
	"$app" plugins list >"$work/pl3.out" 2>&1 && grep -q "^No plug-ins installed" "$work/pl3.out" \
		&& ok "the built product itself is unchanged" || { bad "built product changed"; cat "$work/pl3.out"; }
fi
# 13. the launch script: the workbench asks for a restart with exit code 23 (after installing plug-ins);
# a stand-in java (DEEPSTRESS_JAVA) records its starts, the script must start it again, and pass signals on
# (a DISPLAY for the script's check only: the stand-in opens no window)
stub="$work/stub-java"
cat >"$stub" <<'STUB'
#!/usr/bin/env bash
[ "$1" = -version ] && { echo 'openjdk version "21.0.9" 2025-10-21' >&2; exit 0; }
n=$(( $(cat "$STUB_DIR/starts" 2>/dev/null || echo 0) + 1 )); echo "$n" >"$STUB_DIR/starts"
if [ "${STUB_WAIT:-}" = 1 ]; then
	trap 'echo term >"$STUB_DIR/signal"; exit 143' TERM
	for _ in $(seq 300); do sleep 0.1; done
	exit 0
fi
[ "$n" = 1 ] && exit 23
exit 0
STUB
chmod +x "$stub"
mkdir -p "$work/stub"
set +e
DISPLAY=:stub STUB_DIR="$work/stub" DEEPSTRESS_JAVA="$stub" DEEPSTRESS_DATA="$work/stubdata" "$app" >/dev/null 2>"$work/restart.err"; rc=$?
set -e
[ "$rc" = 0 ] && [ "$(cat "$work/stub/starts")" = 2 ] && grep -q "restarting" "$work/restart.err" \
	&& ok "launch script: exit code 23 starts the workbench again" || { bad "restart (rc $rc, starts $(cat "$work/stub/starts"))"; cat "$work/restart.err"; }
rm -f "$work/stub/starts"
DISPLAY=:stub STUB_WAIT=1 STUB_DIR="$work/stub" DEEPSTRESS_JAVA="$stub" DEEPSTRESS_DATA="$work/stubdata" "$app" >/dev/null 2>&1 &
script_pid=$!
for _ in $(seq 100); do [ -f "$work/stub/starts" ] && break; sleep 0.1; done
sleep 0.3
kill -TERM "$script_pid"
set +e; wait "$script_pid"; rc=$?; set -e
[ "$rc" = 143 ] && [ "$(cat "$work/stub/signal" 2>/dev/null)" = term ] \
	&& ok "launch script: SIGTERM reaches the workbench, its exit code comes back" || bad "signal forwarding (rc $rc)"

echo "cli-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
