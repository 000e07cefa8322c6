package io.deepstress.cli.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.deepstress.core.run.ClientHealthReport;
import io.deepstress.core.run.RunSummary;

/**
 * The fidelity watchdog's report and the client-limited stamp on the command line: a {@code watchdog} line
 * and a {@code client-limited} line in the run table, the {@code client_limited}, {@code client_limited_reasons}
 * and {@code client_health} fields of {@code --out}, and the WARNING a client-limited run prints (it still
 * exits 0: see docs/ARCHITECTURE.md, "Fidelity watchdog").
 */
final class ClientHealthReports {

	private ClientHealthReports() {
	}

	/** The table's lines: the watchdog's figures (when measured) and the stamp with its reasons. */
	static String lines(RunSummary s) {
		StringBuilder out = new StringBuilder();
		ClientHealthReport h = s.clientHealth();
		if (h != null) {
			out.append(String.format(Locale.ROOT, "  watchdog    CPU %s %% of a core (%d cores), machine %s %% busy, steal %s %%%n",
					Reports.num(h.processCpuPercentOfCore(), 0), h.cores(), Reports.num(h.machineBusyPercent(), 0),
					Reports.num(h.stealPercent(), 1)));
			out.append(String.format(Locale.ROOT, "              probe lag p50/p99/max %s/%s/%s ms, %s, GC pauses %s ms (max %s ms)%n",
					Reports.num(h.probeLagP50Ms(), 1), Reports.num(h.probeLagP99Ms(), 1), Reports.num(h.probeLagMaxMs(), 1),
					h.sends() == 0 ? "no send schedule (closed loop)"
							: "send lateness p50/p99 " + Reports.num(h.sendLatenessP50Ms(), 2) + "/"
									+ Reports.num(h.sendLatenessP99Ms(), 2) + " ms",
					Reports.num(h.gcPauseTotalMs(), 0), Reports.num(h.gcPauseMaxMs(), 0)));
		}
		if (s.clientLimited()) {
			out.append("  client-limited: ").append(String.join("; ", s.clientLimitedReasons()))
					.append(" (the figures show this machine's limits, not only the server's)\n");
		}
		return out.toString();
	}

	/** The WARNING line of a client-limited run, or null. */
	static String warning(RunSummary s) {
		if (!s.clientLimited()) {
			return null;
		}
		return "deepstress run: WARNING: run '" + Reports.text(s.name()) + "' was client-limited ("
				+ String.join("; ", s.clientLimitedReasons())
				+ "): its figures show this machine's limits, not only the server's (exit code unchanged)";
	}

	/**
	 * Puts the stamp into a run's {@code --out} object: with a watchdog report, {@code client_limited} (always),
	 * {@code client_limited_reasons} and {@code client_health}; without one (a run stored before it),
	 * {@code client_limited: true} only when requests failed on the client, as before.
	 */
	static void put(Map<String, Object> m, RunSummary s) {
		ClientHealthReport h = s.clientHealth();
		if (h == null) {
			if (s.clientLimited()) {
				m.put("client_limited", true);
			}
			return;
		}
		m.put("client_limited", s.clientLimited());
		m.put("client_limited_reasons", s.clientLimitedReasons());
		m.put("client_health", json(h));
	}

	static Map<String, Object> json(ClientHealthReport h) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("seconds", h.seconds());
		m.put("cores", h.cores());
		m.put("process_cpu_s", h.processCpuSeconds());
		m.put("process_cpu_pct_of_core", h.processCpuPercentOfCore());
		m.put("machine_cpu_busy_pct", h.machineBusyPercent());
		m.put("machine_cpu_steal_pct", h.stealPercent());
		m.put("probes", h.probes());
		m.put("probe_lag_p50_ms", h.probeLagP50Ms());
		m.put("probe_lag_p99_ms", h.probeLagP99Ms());
		m.put("probe_lag_max_ms", h.probeLagMaxMs());
		m.put("sends", h.sends());
		m.put("send_lateness_p50_ms", h.sendLatenessP50Ms());
		m.put("send_lateness_p99_ms", h.sendLatenessP99Ms());
		m.put("mean_gap_ms", h.meanGapMs());
		m.put("gc_pause_total_ms", h.gcPauseTotalMs());
		m.put("gc_pause_max_ms", h.gcPauseMaxMs());
		m.put("thresholds_passed", h.reasons());
		return m;
	}
}
