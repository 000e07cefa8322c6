package io.deepstress.store.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.slo.SloResult;

/** A run's SLO result in its {@code TEST_RUN.SLO_JSON} column (and so in its export). */
final class SloJson {

	private SloJson() {
	}

	static String write(SloResult r) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("expression", r.expression());
		m.put("total", r.total());
		m.put("met", r.met());
		m.put("met_output_tokens", r.metOutputTokens());
		m.put("duration_s", r.durationSeconds());
		m.put("attainment_target", r.attainmentTarget()); // NaN: null
		List<Map<String, Object>> limits = new ArrayList<>();
		for (SloResult.LimitResult l : r.limits()) {
			Map<String, Object> lm = new LinkedHashMap<>();
			lm.put("name", l.name());
			lm.put("text", l.text());
			lm.put("limit_ms", l.limitMillis());
			lm.put("value_ms", l.valueMillis());
			lm.put("passed", l.passed());
			lm.put("counted", l.counted());
			lm.put("within", l.within());
			lm.put("quantile", l.quantile());
			limits.add(lm);
		}
		m.put("limits", limits);
		return StoreJson.write(m);
	}

	/** The result, or null when the text is not one (a damaged row is not worth failing a read). */
	static SloResult read(String json) {
		try {
			JsonNode m = StoreJson.read(json);
			List<SloResult.LimitResult> limits = new ArrayList<>();
			for (JsonNode l : m.path("limits")) {
				limits.add(new SloResult.LimitResult(l.path("name").asText(), l.path("text").asText(),
						StoreJson.number(l.get("limit_ms")), StoreJson.number(l.get("value_ms")),
						l.path("passed").asBoolean(), l.path("counted").asLong(), l.path("within").asLong(),
						StoreJson.number(l.get("quantile"))));
			}
			return new SloResult(m.path("expression").asText(), m.path("total").asLong(), m.path("met").asLong(),
					m.path("met_output_tokens").asLong(), StoreJson.number(m.get("duration_s")),
					StoreJson.number(m.get("attainment_target")), limits);
		} catch (IllegalArgumentException e) {
			return null;
		}
	}
}
