package io.deepstress.store.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.capacity.CapacityRecord;
import io.deepstress.core.capacity.CapacityRequest;

/** A stored capacity search as JSON (the {@code SEARCH_JSON} column), and back. */
final class CapacityJson {

	private CapacityJson() {
	}

	static String write(CapacityRecord r) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("batch_id", r.batchId());
		m.put("name", r.name());
		m.put("status", r.status());
		m.put("stop", r.stop());
		m.put("message", r.message());
		m.put("by", r.by().name().toLowerCase(Locale.ROOT));
		m.put("slo", r.slo());
		m.put("min", r.min());
		m.put("max", r.max());
		m.put("level_ms", r.levelMillis());
		m.put("repeats", r.repeats());
		m.put("confidence", r.confidence());
		m.put("resolution", r.resolution());
		m.put("max_error_rate", r.maxErrorRate());
		m.put("answer", r.answer());
		m.put("low", r.low());
		m.put("high", r.high());
		m.put("boundary", r.boundary());
		m.put("started_ms", r.startedMillis());
		m.put("updated_ms", r.updatedMillis());
		List<Map<String, Object>> levels = new ArrayList<>();
		for (CapacityRecord.Level l : r.levels()) {
			Map<String, Object> lm = new LinkedHashMap<>();
			lm.put("level", l.level());
			lm.put("run_ids", l.runIds());
			lm.put("total", l.total());
			lm.put("met", l.met());
			lm.put("failed", l.failed());
			lm.put("passed", l.passed());
			lm.put("confident", l.confident());
			lm.put("error_stop", l.errorStop());
			lm.put("goodput_rps", l.goodputRps());
			lm.put("goodput_tps", l.goodputTps());
			lm.put("ttft_p50_ms", l.ttftP50());
			lm.put("ttft_p99_ms", l.ttftP99());
			lm.put("e2e_p99_ms", l.e2eP99());
			lm.put("tpot_p99_ms", l.tpotP99());
			lm.put("throughput_rps", l.throughput());
			levels.add(lm);
		}
		m.put("levels", levels);
		return StoreJson.write(m);
	}

	static CapacityRecord read(String json) {
		JsonNode n = StoreJson.read(json);
		List<CapacityRecord.Level> levels = new ArrayList<>();
		for (JsonNode l : n.path("levels")) {
			List<String> runs = new ArrayList<>();
			l.path("run_ids").forEach(id -> runs.add(id.asText()));
			levels.add(new CapacityRecord.Level(num(l, "level"), runs, l.path("total").asLong(), l.path("met").asLong(),
					l.path("failed").asLong(), l.path("passed").asBoolean(), l.path("confident").asBoolean(),
					l.path("error_stop").asBoolean(), num(l, "goodput_rps"), num(l, "goodput_tps"), num(l, "ttft_p50_ms"),
					num(l, "ttft_p99_ms"), num(l, "e2e_p99_ms"), num(l, "tpot_p99_ms"), num(l, "throughput_rps")));
		}
		CapacityRequest.By by = "rate".equals(n.path("by").asText()) ? CapacityRequest.By.RATE
				: CapacityRequest.By.CONCURRENCY;
		return new CapacityRecord(n.path("batch_id").asText(), text(n, "name"), text(n, "status"), text(n, "stop"),
				text(n, "message"), by, text(n, "slo"), num(n, "min"), num(n, "max"), n.path("level_ms").asLong(),
				n.path("repeats").asInt(), num(n, "confidence"), num(n, "resolution"), num(n, "max_error_rate"),
				num(n, "answer"), num(n, "low"), num(n, "high"), text(n, "boundary"), levels,
				n.path("started_ms").asLong(), n.path("updated_ms").asLong());
	}

	private static double num(JsonNode n, String field) {
		return StoreJson.number(n.get(field));
	}

	private static String text(JsonNode n, String field) {
		JsonNode v = n.get(field);
		return v == null || v.isNull() ? null : v.asText();
	}
}
