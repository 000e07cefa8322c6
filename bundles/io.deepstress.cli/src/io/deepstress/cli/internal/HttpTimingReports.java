package io.deepstress.cli.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.deepstress.core.run.HttpTiming;
import io.deepstress.core.run.HttpTimingStats;

/** The HTTP timing breakdown as text and JSON: one sample's {@code http} object, a run's {@code http_timing}. */
final class HttpTimingReports {

	private HttpTimingReports() {
	}

	/** A sample's {@code http} object: {@code reused} and {@code <phase>_ms} for each phase that was measured. */
	static Map<String, Object> sample(HttpTiming t) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("reused", t.reused());
		long[] phases = t.phases();
		for (int i = 0; i < phases.length; i++) {
			if (phases[i] >= 0) {
				m.put(HttpTiming.PHASES.get(i) + "_ms", phases[i] / 1e6);
			}
		}
		return m;
	}

	/** Puts {@code http_timing} into a run's JSON when any attempt was timed. */
	static void put(Map<String, Object> json, HttpTimingStats stats) {
		if (stats.timed() > 0) {
			json.put("http_timing", stats.toJson());
		}
	}

	/** The lines printed after a run's table (none when nothing was timed). */
	static String lines(HttpTimingStats stats) {
		List<String> lines = stats.lines();
		return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
	}
}
