#!/usr/bin/env bash
# Product smoke test, run by `mvn verify` in the integration-test phase (skipped with -DskipTests).
#   smoke-test.sh ARCHIVE WORKDIR
# Unpacks the product archive into WORKDIR, starts ./deepstress twice on a private Xvfb display (a fresh
# install, then again with the layout it saved), waits for the main window to be mapped, takes a
# screenshot, quits through the real key binding (Ctrl+Q, no kill) and checks the exit code, that the
# layout was saved, and that the log has no error entry. Prints the time from start to window.
set -euo pipefail
archive=$1
work=$2
title='DeepStress'
timeout_s=60

for tool in Xvfb xdotool import; do
	command -v "$tool" >/dev/null || { echo "smoke-test: '$tool' is missing (Debian: apt-get install xvfb xdotool imagemagick)" >&2; exit 2; }
done
[ -f "$archive" ] || { echo "smoke-test: no product archive at $archive" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work"
tar -xzf "$archive" -C "$work"
app="$work/deepstress/deepstress"
[ -x "$app" ] || { echo "smoke-test: $app is missing or not executable" >&2; exit 1; }
export DEEPSTRESS_DATA="$work/data"

xvfb_pid=""
app_pid=""
cleanup() {
	[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT

# a private display, so the test neither needs nor disturbs the user's
start_xvfb() {
	rm -f "$work/display"
	exec 3>"$work/display"
	Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp >>"$work/xvfb.log" 2>&1 &
	xvfb_pid=$!
	exec 3>&-
	for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.05; done
	[ -s "$work/display" ] || { echo "smoke-test: Xvfb did not start:"; cat "$work/xvfb.log"; exit 1; }
	export DISPLAY=":$(tr -d '[:space:]' <"$work/display")"
}
start_xvfb

now_ms() { date +%s%3N; }

# start_once NAME [TITLE]: starts the product, waits for its window (and, if given, for the window title
# to become TITLE), screenshots it, quits with Ctrl+Q
start_once() {
	local name=$1 want=${2:-} log="$work/$1.log" t0 wid="" elapsed
	t0=$(now_ms)
	"$app" >"$log" 2>&1 &
	app_pid=$!
	while [ -z "$wid" ]; do
		if ! kill -0 "$app_pid" 2>/dev/null; then
			if grep -q 'gtk_init_check() failed' "$log" && [ -z "${retried:-}" ]; then
				# GTK could not reach the X server: say what the display was doing, then try once more
				echo "smoke-test: $name: GTK could not open $DISPLAY (Xvfb pid $xvfb_pid $(kill -0 "$xvfb_pid" 2>/dev/null \
					&& echo alive || echo gone)); retrying once"
				kill -0 "$xvfb_pid" 2>/dev/null || start_xvfb
				sleep 1
				retried=1 start_once "$name" "$want"
				return
			fi
			echo "smoke-test: $name: the application exited before showing a window:"; cat "$log"; exit 1
		fi
		if [ $(( $(now_ms) - t0 )) -gt $((timeout_s * 1000)) ]; then
			echo "smoke-test: $name: no '$title' window after ${timeout_s}s:"; cat "$log"; exit 1
		fi
		wid=$(xdotool search --onlyvisible --name "^${title}( |\$)" 2>/dev/null | head -n 1 || true)
		[ -n "$wid" ] || sleep 0.05
	done
	elapsed=$(( $(now_ms) - t0 ))
	printf 'smoke-test: %s start: start to window %d.%03d s\n' "$name" $((elapsed / 1000)) $((elapsed % 1000))
	echo "$name $elapsed" >>"$work/timings"

	if [ -n "$want" ]; then
		local tries=0
		# (the e4 renderer may add a trailing blank to the label)
		until [ "$(xdotool getwindowname "$wid" 2>/dev/null | sed 's/[[:space:]]*$//' || true)" = "$want" ]; do
			tries=$((tries + 1))
			if [ "$tries" -gt 300 ]; then
				echo "smoke-test: $name: the window title is '$(xdotool getwindowname "$wid" 2>/dev/null || true)', expected '$want'"
				cat "$log"; exit 1
			fi
			sleep 0.1
		done
		echo "smoke-test: $name: window title '$want'"
	fi
	sleep 2 # let the first layout and paint settle before the screenshot
	import -window "$wid" "$work/$name.png"

	xdotool windowfocus --sync "$wid" 2>/dev/null || true
	xdotool key --clearmodifiers ctrl+q
	local waited=0
	while kill -0 "$app_pid" 2>/dev/null; do
		sleep 0.1; waited=$((waited + 1))
		if [ "$waited" -gt 300 ]; then
			echo "smoke-test: $name: Ctrl+Q did not close the application within 30 s"; cat "$log"; exit 1
		fi
	done
	local rc=0
	wait "$app_pid" || rc=$?
	app_pid=""
	if [ "$rc" -ne 0 ]; then
		echo "smoke-test: $name: exit code $rc after Ctrl+Q"; cat "$log"; exit 1
	fi
	if grep -qE '^!ENTRY [^ ]+ 4 |Exception' "$log"; then
		echo "smoke-test: $name: the log has errors:"; cat "$log"; exit 1
	fi
}

start_once first
saved="$DEEPSTRESS_DATA/workspace/.metadata/.plugins/org.eclipse.e4.workbench/workbench.xmi"
[ -s "$saved" ] || { echo "smoke-test: the layout was not saved on quit ($saved missing)"; exit 1; }
# Change the saved layout as a user would have (GPU perspective selected), start again, and check that
# the second start restored it (it saves what it restored on quit) without duplicating contributions.
perspectives_first=$(grep -c 'xsi:type="advanced:Perspective"' "$saved")
gpu_id=$(perl -ne 'print "$1\n" if /<children xsi:type="advanced:Perspective" xmi:id="([^"]+)" elementId="io\.deepstress\.ui\.gpu\.perspective"/' "$saved" | head -n 1)
[ -n "$gpu_id" ] || { echo "smoke-test: no GPU perspective in the saved layout"; exit 1; }
perl -pi -e 's/(elementId="io\.deepstress\.ui\.perspectivestack"[^>]*?selectedElement=")[^"]*"/$1'"$gpu_id"'"/' "$saved"
grep -q "selectedElement=\"$gpu_id\"" "$saved" || { echo "smoke-test: could not edit the saved layout"; exit 1; }
start_once warm
perspectives_warm=$(grep -c 'xsi:type="advanced:Perspective"' "$saved")
if [ "$perspectives_first" != "$perspectives_warm" ]; then
	echo "smoke-test: the restored layout has $perspectives_warm perspectives, the first start saved $perspectives_first"; exit 1
fi
gpu_id=$(perl -ne 'print "$1\n" if /<children xsi:type="advanced:Perspective" xmi:id="([^"]+)" elementId="io\.deepstress\.ui\.gpu\.perspective"/' "$saved" | head -n 1)
[ -n "$gpu_id" ] && grep -qE "elementId=\"io\.deepstress\.ui\.perspectivestack\"[^>]*selectedElement=\"$gpu_id\"" "$saved" \
	|| { echo "smoke-test: the saved layout (GPU perspective selected) was not restored on the second start"; exit 1; }
echo "smoke-test: layout restored across restarts (GPU perspective still selected)"

# After an update of the workbench bundles the saved layout (from the old views) is not used once: the
# launch script sees the bundle versions change and starts from the contributed layouts (Models first).
echo "io.deepstress.ui_0.0.1.old" >"$DEEPSTRESS_DATA/workspace/.deepstress-workbench"
start_once updated
models_id=$(perl -ne 'print "$1\n" if /<children xsi:type="advanced:Perspective" xmi:id="([^"]+)" elementId="io\.deepstress\.ui\.models\.perspective"/' "$saved" | head -n 1)
[ -n "$models_id" ] && grep -qE "elementId=\"io\.deepstress\.ui\.perspectivestack\"[^>]*selectedElement=\"$models_id\"" "$saved" \
	|| { echo "smoke-test: after an update the old layout (GPU perspective selected) was used"; exit 1; }
grep -q "workbench was updated" "$work/updated.log" || { echo "smoke-test: no update message"; cat "$work/updated.log"; exit 1; }
echo "smoke-test: after a workbench update the contributed layouts are used once"

# The records database opened first by another DeepStress process (a command-line run): that process serves it,
# the workbench logs in through its server (title without "read-only", no "not be saved" warning), and the other
# process's run is kept.
"$app" run --url builtin --duration 60 --quiet --name holder >"$work/holder.out" 2>&1 &
holder=$!
for _ in $(seq 300); do [ -f "$DEEPSTRESS_DATA/workspace/deepstress-db.server" ] && break; sleep 0.1; done
[ -f "$DEEPSTRESS_DATA/workspace/deepstress-db.server" ] \
	|| { echo "smoke-test: the command-line run wrote no deepstress-db.server"; cat "$work/holder.out"; exit 1; }
start_once shared "DeepStress"
if grep -qE 'records will not be saved|records read-only' "$work/shared.log"; then
	echo "smoke-test: the workbench did not share the records database with the command-line run:"; cat "$work/shared.log"; exit 1
fi
kill -TERM "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true
"$app" runs list --status cancelled >"$work/holder-runs.out" 2>&1 || true
grep -q " holder " "$work/holder-runs.out" \
	|| { echo "smoke-test: the holder's run is not in the records"; cat "$work/holder-runs.out" "$work/holder.out"; exit 1; }
echo "smoke-test: records database served by a command-line run: the workbench shared it; the other run was kept"
cp "$work/first.png" "$work/../smoke-screenshot.png"
cp "$work/warm.png" "$work/../smoke-screenshot-restored.png"
echo "smoke-test: screenshot $(cd "$work/.." && pwd)/smoke-screenshot.png"
echo "smoke-test: OK"
