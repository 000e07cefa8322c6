#!/usr/bin/env bash
# Opt-in check (never run by CI): the headless test modules while a CPU hog keeps every core busy, the way
# other builds on a shared machine do. The suite must pass like this; see CONTRIBUTING ("Timing in tests").
#   tests/busy-machine.sh [MODULE...]      default: every headless test module (not the UI tests)
# HOG="stress-ng --cpu 2" is the hog (Debian: apt-get install stress-ng); HOG= runs on the machine as it is,
# for the quiet comparison. ROUNDS=3 repeats the build. Extra Maven options: MAVEN_ARGS="-o".
# Prints per round and module: tests run, failures + errors, the module's time; exits non-zero on a failure.
# Each round's log and surefire reports stay under target/busy-machine-N*.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
hog=${HOG-stress-ng --cpu 2}
rounds=${ROUNDS:-1}
modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(core simulator engine store secure gpu gpu.ssh)

base=targets
for m in core engine simulator plugins cli gpu.smi store secure gpu.nvml gpu gpu.ssh launch tokenizers datasets report servermetrics; do base+=",bundles/io.deepstress.$m"; done
base+=",features/io.deepstress.runtime.feature,features/io.deepstress.core.feature"
dir_of() { local m=${1#tests/}; m=${m#io.deepstress.}; echo "tests/io.deepstress.${m%.tests}.tests"; }
tests=""
for m in "${modules[@]}"; do tests+=",$(dir_of "$m")"; done

hog_pid=""
stop_hog() { [ -z "$hog_pid" ] || kill "$hog_pid" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop_hog EXIT
if [ -n "$hog" ]; then
	command -v "${hog%% *}" >/dev/null || { echo "busy-machine: ${hog%% *} not found (apt-get install stress-ng)" >&2; exit 2; }
	$hog --quiet &
	hog_pid=$!
	sleep 2
fi
echo "busy-machine: hog '${hog:-none}', $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), modules ${modules[*]}"

status=0
mkdir -p target
for round in $(seq "$rounds"); do
	log="target/busy-machine-$round.log"
	for m in "${modules[@]}"; do rm -rf "$(dir_of "$m")/target/surefire-reports"; done
	started=$(date +%s)
	# shellcheck disable=SC2086 # MAVEN_ARGS is a list of options
	if ! ./mvnw -B verify -Dmaven.test.failure.ignore=true ${MAVEN_ARGS:-} -pl "$base$tests" >"$log" 2>&1; then
		status=1
	fi
	echo "round $round: $(( $(date +%s) - started )) s, load average $(cut -d' ' -f1-3 /proc/loadavg) (log: $log)"
	for m in "${modules[@]}"; do
		python3 - "$(dir_of "$m")" <<'PY' || status=1
import glob, sys, xml.etree.ElementTree as ET
run = failed = 0; seconds = 0.0; names = []
for f in glob.glob(sys.argv[1] + '/target/surefire-reports/TEST-*.xml'):
    s = ET.parse(f).getroot()
    run += int(s.get('tests')); seconds += float(s.get('time'))
    bad = int(s.get('failures')) + int(s.get('errors')); failed += bad
    if bad:
        names += [c.get('classname').rsplit('.', 1)[-1] + '.' + c.get('name') for c in s.iter('testcase')
                  if c.find('failure') is not None or c.find('error') is not None]
print(f"  {sys.argv[1].split('/')[-1]:32} {run:3} run, {failed} failed, {seconds:6.1f} s" + (': ' + ', '.join(names) if names else ''))
sys.exit(1 if failed or not run else 0)
PY
		mkdir -p "target/busy-machine-$round/$(basename "$(dir_of "$m")")"
		cp -r "$(dir_of "$m")/target/surefire-reports/." "target/busy-machine-$round/$(basename "$(dir_of "$m")")/" 2>/dev/null || true
	done
done
exit "$status"
