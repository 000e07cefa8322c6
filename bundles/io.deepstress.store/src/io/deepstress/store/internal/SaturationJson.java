package io.deepstress.store.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.metrics.Saturation;
import io.deepstress.core.metrics.SaturationVerdict;

/** A run's saturation verdict in its {@code TEST_RUN.SATURATION_JSON} column (and so in its export). */
final class SaturationJson {

	private SaturationJson() {
	}

	static String write(SaturationVerdict v) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("saturated", v.saturated());
		m.put("tested", v.tested());
		m.put("window_s", v.windowSeconds());
		m.put("confidence", v.confidence());
		Saturation s = v.finding();
		if (s != null) {
			m.put("at_s", s.atSecond());
			m.put("throughput_rps", s.throughput());
			m.put("throughput_slope_high", s.throughputSlopeHigh());
			m.put("latency_ms", s.latencyMs());
			m.put("latency_slope_low", s.latencySlopeLow());
			m.put("in_flight", s.inFlight());
			m.put("in_flight_slope_low", s.inFlightSlopeLow());
		}
		return StoreJson.write(m);
	}

	/** The verdict; empty for text that is not one (written by a newer version, or damaged). */
	static Optional<SaturationVerdict> read(String runId, String json) {
		JsonNode n;
		try {
			n = StoreJson.read(json);
		} catch (IllegalArgumentException e) {
			return Optional.empty();
		}
		if (!n.path("saturated").isBoolean()) {
			return Optional.empty();
		}
		int window = n.path("window_s").asInt(10);
		double confidence = StoreJson.number(n.get("confidence"));
		if (!n.path("saturated").asBoolean()) {
			return Optional.of(new SaturationVerdict(false, null, window, confidence, n.path("tested").asBoolean(true)));
		}
		Saturation s = new Saturation(runId, num(n, "at_s"), window, num(n, "throughput_rps"),
				num(n, "throughput_slope_high"), num(n, "latency_ms"), num(n, "latency_slope_low"), num(n, "in_flight"),
				num(n, "in_flight_slope_low"), confidence);
		return Optional.of(SaturationVerdict.found(s, window, confidence));
	}

	private static double num(JsonNode n, String field) {
		return StoreJson.number(n.get(field));
	}
}
