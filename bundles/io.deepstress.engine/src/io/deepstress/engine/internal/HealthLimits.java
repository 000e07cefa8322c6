package io.deepstress.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

import io.deepstress.core.run.ClientHealthReport;

/**
 * The fidelity watchdog's thresholds (docs/ARCHITECTURE.md, "Fidelity watchdog") and the report they make of
 * one stretch of measurements. Above any of them the client, not the server, limits the run.
 *
 * @param cpuShareOfCores  process CPU above this share of all the cores available (0.9: 90 % of a core per core)
 * @param lagP99Nanos      I/O-thread probe lag p99 above this (20 ms)
 * @param latenessFloorNanos open-loop send lateness p99 above the larger of this (2 ms) ...
 * @param latenessGapShare ... and this share of the schedule's mean gap (1 %)
 * @param steal            machine CPU steal above this share (10 %)
 * @param gcShare          GC pauses above this share of the wall time (5 %)
 * @param minSamples       a percentile of fewer probes or sends than this is not judged (one sample is no p99)
 * @param minSeconds       CPU, steal and GC shares of a shorter stretch are not judged (the JVM's start-up work,
 *                         JIT compilation above all, would pass them in any short run)
 */
record HealthLimits(double cpuShareOfCores, long lagP99Nanos, long latenessFloorNanos, double latenessGapShare,
		double steal, double gcShare, int minSamples, double minSeconds) {

	static final HealthLimits DEFAULT = new HealthLimits(0.9, 20_000_000L, 2_000_000L, 0.01, 0.10, 0.05, 20, 1.0);

	/** What one stretch of time measured (histograms in microseconds). */
	record Measured(double seconds, int cores, double cpuSeconds, double busy, double steal, Histogram lagMicros,
			Histogram latenessMicros, double meanGapNanos, long gcTotalNanos, long gcMaxNanos) {
	}

	/** The report of a stretch: its figures and the thresholds it passed. */
	ClientHealthReport report(Measured m) {
		List<String> reasons = new ArrayList<>();
		double cpuCores = m.seconds() > 0 ? m.cpuSeconds() / m.seconds() : 0;
		boolean longEnough = m.seconds() >= minSeconds;
		if (longEnough && cpuCores > cpuShareOfCores * m.cores()) {
			reasons.add(String.format(Locale.ROOT, "client process CPU %.0f %% of a core > %.0f %% of %d core%s",
					cpuCores * 100, cpuShareOfCores * 100 * m.cores(), m.cores(), m.cores() == 1 ? "" : "s"));
		}
		long probes = m.lagMicros().getTotalCount();
		double lagP99 = ms(m.lagMicros(), 99);
		if (probes >= minSamples && lagP99 * 1e6 > lagP99Nanos) {
			reasons.add(String.format(Locale.ROOT, "I/O-thread probe lag p99 %.1f ms > %s ms", lagP99,
					trim(lagP99Nanos / 1e6)));
		}
		long sends = m.latenessMicros().getTotalCount();
		double lateP99 = ms(m.latenessMicros(), 99);
		double gapMs = m.meanGapNanos() / 1e6;
		double lateLimitMs = Math.max(latenessFloorNanos / 1e6, Double.isNaN(gapMs) ? 0 : latenessGapShare * gapMs);
		if (sends >= minSamples && lateP99 > lateLimitMs) {
			reasons.add(String.format(Locale.ROOT, "open-loop send lateness p99 %.1f ms > %s ms (max of %s ms and %s %% of the %s ms mean gap)",
					lateP99, trim(lateLimitMs), trim(latenessFloorNanos / 1e6), trim(latenessGapShare * 100),
					trim(gapMs)));
		}
		if (longEnough && m.steal() > steal) {
			reasons.add(String.format(Locale.ROOT, "CPU steal %.0f %% > %.0f %%", m.steal() * 100, steal * 100));
		}
		if (longEnough && m.gcTotalNanos() > gcShare * m.seconds() * 1e9) {
			reasons.add(String.format(Locale.ROOT, "GC pauses %.0f %% of the time > %.0f %%",
					m.gcTotalNanos() / (m.seconds() * 1e9) * 100, gcShare * 100));
		}
		return new ClientHealthReport(m.seconds(), m.cores(), m.cpuSeconds(), m.busy() * 100, m.steal() * 100, probes,
				ms(m.lagMicros(), 50), lagP99, probes == 0 ? Double.NaN : m.lagMicros().getMaxValue() / 1e3, sends,
				sends == 0 ? Double.NaN : ms(m.latenessMicros(), 50), sends == 0 ? Double.NaN : lateP99, gapMs,
				m.gcTotalNanos() / 1e6, m.gcMaxNanos() / 1e6, reasons);
	}

	private static double ms(Histogram h, double percentile) {
		return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e3;
	}

	/** A limit without needless decimals: 20, 2.5, 0.01. */
	private static String trim(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e9) {
			return Long.toString((long) v);
		}
		return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3f", v).replaceAll("0+$", "");
	}
}
