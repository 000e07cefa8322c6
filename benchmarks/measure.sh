#!/usr/bin/env bash
# Benchmarks that run inside the OSGi test runtime of a test bundle (a documented command, not a test: the
# test suite never runs them; their classes end in *Benchmark, which Tycho's default includes leave out).
# Each prints its figures and keeps them in a file under the bundle's target/ (BENCHMARKS.md has the results).
#   benchmarks/measure.sh engine          the engine's precision against the simulator's ground truth:
#                                         client-minus-server TTFT, ITL/TPOT, open-loop and Poisson rates, Stop
#                                         (ENGINE_REQUESTS=100 measured requests at concurrency 1)
#   benchmarks/measure.sh store           records store speed: inserts, first page, chart data, on Derby and
#                                         then on PostgreSQL (Debian's postgresql package; a server of its own)
#                                         (STORE_SAMPLES=1000000 STORE_RUNS=10000 STORE_CHART=100000)
#   benchmarks/measure.sh gpu             CPU cost of local nvidia-smi telemetry (fake 2-GPU nvidia-smi;
#                                         GPU_SECONDS=20)
#   benchmarks/measure.sh gpu-ssh         CPU cost of SSH telemetry, 8 hosts x 8 GPUs at 1 s against a real
#                                         sshd on 127.0.0.1 (root, openssh-server, the user deepstress-ssh;
#                                         SSH_IDLE=10 SSH_WINDOW=20 SSH_WARMUP=60)
#   benchmarks/measure.sh datasets        a ShareGPT JSON array of IMPORT_MB=200 imported in a 128 MB heap
#                                         (time, MB/s, peak heap)
#   benchmarks/measure.sh trace           trace replay precision: a bursty trace of TRACE_REQUESTS=2000 requests (after TRACE_WARMUP=2000 at 2x) at
#                                         ~200 req/s, each arrival's lateness at the simulator (claim: p99 < 2 ms)
#   benchmarks/measure.sh servermetrics   CPU cost of scraping a /metrics of 2,000 series every second from a
#                                         loopback server, and the parse time of one text (SERVERMETRICS_SECONDS=20)
#   benchmarks/measure.sh timeline        stored size and read time of a 10-hour run's timeline and server series
#   benchmarks/measure.sh idle            CPU of a nearly idle run (32 requests at concurrency 1, slow simulator)
#                                         against the idle JVM, per thread group (the background culprits)
#   benchmarks/measure.sh merge           runs merge of a batch of 16 agents from a real Derby (claim: < 1 s)
#   benchmarks/measure.sh http-timing     hot-path cost of the HTTP timing breakdown per attempt
#                                         (HTTP_TIMING_ROUNDS=2000000)
# Several names run one after another; extra Maven options go after --, e.g. benchmarks/measure.sh store -- -o.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
names=(); maven=()
while [ $# -gt 0 ]; do
	case "$1" in
		--) shift; maven=("$@"); break ;;
		*) names+=("$1"); shift ;;
	esac
done
[ ${#names[@]} -gt 0 ] || { sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

# the modules without UI that the test bundles resolve against (Tycho's -am does not follow MANIFEST imports)
base=targets
for m in core engine simulator plugins cli gpu.smi store store.derbyclient secure gpu.nvml gpu gpu.ssh gpu.dcgm launch tokenizers datasets report servermetrics; do base+=",bundles/io.deepstress.$m"; done
base+=",features/io.deepstress.runtime.feature,features/io.deepstress.core.feature"

run() { # TEST_MODULE CLASS REPORT [-Dproperty=value ...]: the sizes reach the test JVM through the pom's argLine
	local tests=$1 class=$2 report=$3; shift 3
	echo "== $class ($tests), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	local pg="${report%.txt}-postgresql.txt" # the store tests run twice: on Derby, then on PostgreSQL
	rm -f "$root/$tests/target/$report" "$root/$tests/target/$pg"
	"$root/mvnw" -B -q verify -pl "$base,$tests" -Dtest="$class" "$@" "${maven[@]}" \
		|| { echo "measure: $class failed (see $tests/target/surefire-reports/)" >&2; return 1; }
	cat "$root/$tests/target/$report"
	[ ! -f "$root/$tests/target/$pg" ] || cat "$root/$tests/target/$pg"
}

for name in "${names[@]}"; do
	case "$name" in
		engine)
			run tests/io.deepstress.engine.tests EnginePrecisionBenchmark engine-precision.txt \
				"-Dengine.bench.requests=${ENGINE_REQUESTS:-100}" ;;
		store)
			run tests/io.deepstress.store.tests StoreBenchmark store-benchmark.txt \
				"-Dstore.bench.samples=${STORE_SAMPLES:-1000000}" "-Dstore.bench.runs=${STORE_RUNS:-10000}" \
				"-Dstore.bench.chart=${STORE_CHART:-100000}" ;;
		datasets)
			base+=",bundles/io.deepstress.datasets"
			run tests/io.deepstress.datasets.tests ImportBenchmark import-benchmark.txt \
				"-Dimport.bench.megabytes=${IMPORT_MB:-200}" ;;
		trace)
			base+=",bundles/io.deepstress.tokenizers,bundles/io.deepstress.datasets"
			run tests/io.deepstress.tokenizers.tests TraceReplayBenchmark trace-bench/trace-replay.txt ;;
		gpu)
			run tests/io.deepstress.gpu.tests GpuCpuBenchmark gpu-benchmark.txt "-Dgpu.benchmark.seconds=${GPU_SECONDS:-20}" ;;
		gpu-ssh)
			id deepstress-ssh >/dev/null 2>&1 && [ -x /usr/sbin/sshd ] \
				|| { echo "measure: gpu-ssh needs openssh-server and the user deepstress-ssh (see .ci/run)" >&2; exit 2; }
			run tests/io.deepstress.gpu.ssh.tests SshGpuBenchmark gpu-ssh-benchmark.txt "-Dssh.bench.idle=${SSH_IDLE:-10}" \
				"-Dssh.bench.window=${SSH_WINDOW:-20}" "-Dssh.bench.warmup=${SSH_WARMUP:-60}" ;;
		servermetrics)
			run tests/io.deepstress.servermetrics.tests ScrapeCpuBenchmark server-metrics-benchmark.txt \
				"-Dservermetrics.bench.seconds=${SERVERMETRICS_SECONDS:-20}" ;;
		timeline)
			run tests/io.deepstress.store.tests TimelineStoreBenchmark timeline-benchmark.txt ;;
		idle)
			run tests/io.deepstress.engine.tests IdleCostBenchmark idle-cost.txt ;;
		merge)
			run tests/io.deepstress.store.tests MergeBenchmark merge-benchmark.txt ;;
		http-timing)
			run tests/io.deepstress.engine.tests HttpTimingBenchmark http-timing-benchmark.txt \
				"-Dhttptiming.bench.rounds=${HTTP_TIMING_ROUNDS:-2000000}" ;;
		*) echo "measure: unknown benchmark '$name' (engine, store, gpu, gpu-ssh, servermetrics, timeline, idle, merge, http-timing)" >&2; exit 2 ;;
	esac
done
