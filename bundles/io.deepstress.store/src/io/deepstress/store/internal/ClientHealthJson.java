package io.deepstress.store.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.run.ClientHealthReport;

/**
 * The fidelity watchdog's report of a run as stored in {@code TEST_RUN.CLIENT_HEALTH_JSON} (schema 11): the
 * same field names as the CLI's {@code client_health} object; a figure not measured is JSON null.
 */
final class ClientHealthJson {

	private ClientHealthJson() {
	}

	static String write(ClientHealthReport r) {
		if (r == null) {
			return null;
		}
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("seconds", n(r.seconds()));
		m.put("cores", r.cores());
		m.put("process_cpu_s", n(r.processCpuSeconds()));
		m.put("machine_cpu_busy_pct", n(r.machineBusyPercent()));
		m.put("machine_cpu_steal_pct", n(r.stealPercent()));
		m.put("probes", r.probes());
		m.put("probe_lag_p50_ms", n(r.probeLagP50Ms()));
		m.put("probe_lag_p99_ms", n(r.probeLagP99Ms()));
		m.put("probe_lag_max_ms", n(r.probeLagMaxMs()));
		m.put("sends", r.sends());
		m.put("send_lateness_p50_ms", n(r.sendLatenessP50Ms()));
		m.put("send_lateness_p99_ms", n(r.sendLatenessP99Ms()));
		m.put("mean_gap_ms", n(r.meanGapMs()));
		m.put("gc_pause_total_ms", n(r.gcPauseTotalMs()));
		m.put("gc_pause_max_ms", n(r.gcPauseMaxMs()));
		m.put("reasons", r.reasons());
		return StoreJson.write(m);
	}

	/** The report, or null for no JSON or JSON that is not a report (never an exception: a record stays readable). */
	static ClientHealthReport read(String json) {
		if (json == null) {
			return null;
		}
		try {
			JsonNode j = StoreJson.read(json);
			if (j == null || !j.isObject()) {
				return null;
			}
			List<String> reasons = new ArrayList<>();
			j.path("reasons").forEach(r -> reasons.add(r.asText()));
			return new ClientHealthReport(d(j, "seconds"), j.path("cores").asInt(0), d(j, "process_cpu_s"),
					d(j, "machine_cpu_busy_pct"), d(j, "machine_cpu_steal_pct"), j.path("probes").asLong(0),
					d(j, "probe_lag_p50_ms"), d(j, "probe_lag_p99_ms"), d(j, "probe_lag_max_ms"), j.path("sends").asLong(0),
					d(j, "send_lateness_p50_ms"), d(j, "send_lateness_p99_ms"), d(j, "mean_gap_ms"),
					d(j, "gc_pause_total_ms"), d(j, "gc_pause_max_ms"), reasons);
		} catch (RuntimeException e) {
			return null;
		}
	}

	private static Object n(double v) {
		return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
	}

	private static double d(JsonNode j, String field) {
		JsonNode v = j.get(field);
		return v == null || !v.isNumber() ? Double.NaN : v.doubleValue();
	}
}
