package io.deepstress.core.timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@link RunTimeline} as JSON values (maps, lists, numbers) in the layout of {@code deepstress run --out}:
 * {@code timeline} (per-second objects) and {@code server_metrics} (per series {@code name}, {@code meaning},
 * {@code labels}, {@code points} as {@code [t_s, value]}), beside {@code server_metrics_state}. The records store
 * keeps the same layout. Absent percentiles are NaN (written as {@code null} by the JSON writers).
 */
public final class TimelineFormat {

	private TimelineFormat() {
	}

	/** The per-second objects of {@code timeline}. */
	public static List<Map<String, Object>> points(List<TimelinePoint> points) {
		List<Map<String, Object>> out = new ArrayList<>(points.size());
		for (TimelinePoint p : points) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("t_s", p.tS());
			m.put("in_flight", p.inFlight());
			m.put("started", p.started());
			m.put("completed", p.completed());
			m.put("failed", p.failed());
			m.put("output_tokens_per_s", p.outputTokensPerS());
			m.put("ttft_p50_ms", p.ttftP50Ms());
			m.put("ttft_p99_ms", p.ttftP99Ms());
			m.put("itl_p50_ms", p.itlP50Ms());
			m.put("itl_p99_ms", p.itlP99Ms());
			m.put("queue_delay_p50_ms", p.queueDelayP50Ms());
			m.put("queue_delay_p99_ms", p.queueDelayP99Ms());
			out.add(m);
		}
		return out;
	}

	/** The objects of {@code server_metrics}. */
	public static List<Map<String, Object>> series(List<ServerSeries> series) {
		List<Map<String, Object>> out = new ArrayList<>(series.size());
		for (ServerSeries s : series) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("name", s.name());
			if (s.meaning() != null) {
				m.put("meaning", s.meaning());
			}
			m.put("labels", new java.util.TreeMap<>(s.labels()));
			m.put("points", s.points().stream().map(p -> List.of(p[0], p[1])).toList());
			out.add(m);
		}
		return out;
	}

	/** The object of {@code server_metrics_state}. */
	public static Map<String, Object> status(ServerMetricsStatus st) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("state", st.state().name().toLowerCase(java.util.Locale.ROOT));
		if (st.url() != null) {
			m.put("url", st.url());
		}
		if (st.server() != null) {
			m.put("server", st.server());
		}
		m.put("scrapes", st.scrapes());
		if (st.reason() != null) {
			m.put("reason", st.reason());
		}
		return m;
	}

	/** The whole timeline as one object (the store's layout). */
	public static Map<String, Object> toMap(RunTimeline t) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("run_id", t.runId());
		m.put("start_epoch_ms", t.startEpochMillis());
		m.put("timeline", points(t.points()));
		m.put("server_metrics", series(t.serverMetrics()));
		if (t.serverStatus() != null) {
			m.put("server_metrics_state", status(t.serverStatus()));
		}
		return m;
	}

	/**
	 * Reads {@link #toMap}'s layout back.
	 *
	 * @throws IllegalArgumentException when {@code json} is not that layout
	 */
	public static RunTimeline fromJson(JsonNode json) {
		if (json == null || !json.isObject() || !json.path("timeline").isArray()) {
			throw new IllegalArgumentException("not a DeepStress timeline");
		}
		List<TimelinePoint> points = new ArrayList<>();
		for (JsonNode p : json.get("timeline")) {
			points.add(new TimelinePoint(num(p, "t_s"), num(p, "in_flight"), p.path("started").asLong(),
					p.path("completed").asLong(), p.path("failed").asLong(), num(p, "output_tokens_per_s"),
					num(p, "ttft_p50_ms"), num(p, "ttft_p99_ms"), num(p, "itl_p50_ms"), num(p, "itl_p99_ms"),
					num(p, "queue_delay_p50_ms"), num(p, "queue_delay_p99_ms")));
		}
		List<ServerSeries> series = new ArrayList<>();
		for (JsonNode s : json.path("server_metrics")) {
			Map<String, String> labels = new LinkedHashMap<>();
			s.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
			List<double[]> pts = new ArrayList<>();
			for (JsonNode p : s.path("points")) {
				pts.add(new double[] { p.path(0).asDouble(), p.path(1).isNumber() ? p.path(1).asDouble() : Double.NaN });
			}
			series.add(new ServerSeries(s.path("name").asText(), s.hasNonNull("meaning") ? s.get("meaning").asText() : null,
					labels, pts));
		}
		ServerMetricsStatus status = null;
		JsonNode st = json.get("server_metrics_state");
		if (st != null && st.isObject()) {
			ServerMetricsStatus.State state;
			try {
				state = ServerMetricsStatus.State.valueOf(st.path("state").asText("off").toUpperCase(java.util.Locale.ROOT));
			} catch (IllegalArgumentException e) {
				state = ServerMetricsStatus.State.FAILED;
			}
			status = new ServerMetricsStatus(text(st, "url"), state, text(st, "server"), st.path("scrapes").asLong(),
					text(st, "reason"));
		}
		return new RunTimeline(json.path("run_id").asText(null), json.path("start_epoch_ms").asLong(), points, series,
				status);
	}

	private static double num(JsonNode n, String field) {
		JsonNode v = n.get(field);
		return v != null && v.isNumber() ? v.doubleValue() : Double.NaN;
	}

	private static String text(JsonNode n, String field) {
		JsonNode v = n.get(field);
		return v == null || v.isNull() ? null : v.asText();
	}
}
