package io.deepstress.core.run;

import java.util.List;

/**
 * The fidelity watchdog's report on the client itself over a run (or, while it runs, over the last window):
 * was this machine, not the server, the bottleneck? Durations in milliseconds, shares in percent; a figure
 * that could not be measured is NaN (e.g. no {@code /proc/stat}, or send lateness of a closed loop, which has
 * no schedule). The thresholds that make {@link #reasons()} are in docs/ARCHITECTURE.md ("Fidelity
 * watchdog"). Since core.run 0.4.
 *
 * @param seconds              how long the watchdog measured
 * @param cores                processors available to this JVM
 * @param processCpuSeconds    CPU time of this process (user + system) over that time
 * @param machineBusyPercent   the whole machine's CPU busy share, steal included, in percent of all its CPUs
 * @param stealPercent         CPU time the hypervisor took, in percent of all the machine's CPU time
 * @param probes               I/O-thread probes run (one every 50 ms)
 * @param probeLagP50Ms        median lateness of the probe task on the HTTP client's threads
 * @param probeLagP99Ms        its 99th percentile
 * @param probeLagMaxMs        its maximum
 * @param sends                open-loop or trace arrivals measured (0 in a closed loop)
 * @param sendLatenessP50Ms    median of actual send time minus scheduled time (open loop / trace)
 * @param sendLatenessP99Ms    its 99th percentile
 * @param meanGapMs            the schedule's mean gap between arrivals (NaN in a closed loop)
 * @param gcPauseTotalMs       GC pause time over the run
 * @param gcPauseMaxMs         the longest single GC pause
 * @param reasons              the thresholds passed, as sentences; empty when the client kept up
 */
public record ClientHealthReport(double seconds, int cores, double processCpuSeconds, double machineBusyPercent,
		double stealPercent, long probes, double probeLagP50Ms, double probeLagP99Ms, double probeLagMaxMs, long sends,
		double sendLatenessP50Ms, double sendLatenessP99Ms, double meanGapMs, double gcPauseTotalMs, double gcPauseMaxMs,
		List<String> reasons) {

	public ClientHealthReport {
		reasons = reasons == null ? List.of() : List.copyOf(reasons);
	}

	/** Whether any threshold was passed: the run is stamped client-limited. */
	public boolean clientLimited() {
		return !reasons.isEmpty();
	}

	/** CPU of this process as a share of one core, in percent (100 = one core busy), NaN without time. */
	public double processCpuPercentOfCore() {
		return seconds > 0 ? processCpuSeconds / seconds * 100 : Double.NaN;
	}
}
