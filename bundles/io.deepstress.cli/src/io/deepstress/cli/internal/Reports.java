package io.deepstress.cli.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.deepstress.core.run.DatasetStats;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunSummary;

/** Text and JSON renderings of runs for the command line. Never contains the API key. */
final class Reports {

	private Reports() {
	}

	static String progressLine(LiveSnapshot s) {
		return String.format(Locale.ROOT, "[%7.1fs] %d done (%d failed), %d in flight, %.1f req/s, %.0f tok/s, TTFT p50 %s ms%s",
				s.elapsedSeconds(), s.completed(), s.failed(), s.inFlight(), s.requestsPerSecond(),
				s.outputTokensPerSecond(), ms(s.ttftP50Ms()),
				Double.isNaN(s.progress()) ? "" : String.format(Locale.ROOT, ", %.0f%%", s.progress() * 100));
	}

	private static String ms(double v) {
		return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
	}

	static String table(RunSummary s, String url) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "DeepStress run '%s' — %s — %s%n", text(s.name()), text(s.loadDescription()),
				s.status()));
		out.append(String.format(Locale.ROOT, "  endpoint    %s  model %s%n", text(url), text(s.model())));
		if (s.errorMessage() != null) {
			out.append("  error       ").append(s.errorMessage()).append('\n');
		}
		out.append(String.format(Locale.ROOT, "  requests    %d total, %d succeeded, %d failed (%d attempts)%n", s.total(),
				s.succeeded(), s.failed(), s.attempts()));
		out.append(String.format(Locale.ROOT, "  duration    %s s%n", num(s.durationSeconds(), 2)));
		out.append(String.format(Locale.ROOT, "  throughput  %s req/s, %s output tok/s%s%n", num(s.requestsPerSecond(), 2),
				num(s.outputTokensPerSecond(), 1), Double.isNaN(s.achievedRate()) ? ""
						: String.format(Locale.ROOT, " (arrivals %s/s of %s/s)", num(s.achievedRate(), 2),
								num(s.targetRate(), 2))));
		out.append(String.format(Locale.ROOT, "  tokens      %d output%s, %d input, %d chars%n", s.outputTokens(),
				s.estimatedTokens() > 0 ? " (" + s.estimatedTokens() + " requests estimated)" : "", s.inputTokens(),
				s.chars()));
		out.append(String.format(Locale.ROOT, "  %-6s %9s %9s %9s %9s %9s %9s  (ms)%n", "", "mean", "p50", "p90", "p95",
				"p99", "max"));
		row(out, "TTFT", s.ttft());
		row(out, "E2E", s.e2e());
		row(out, "ITL", s.itl());
		row(out, "TPOT", s.tpot());
		if (s.turns().any()) {
			// multi-turn conversations: a later turn carries the history, which prefix caching serves sooner
			row(out, "TTFT1", s.turns().firstTurnTtft());
			row(out, "TTFT2+", s.turns().laterTurnTtft());
			out.append("  (TTFT1: first turns of conversations, TTFT2+: their later turns, sent with the history)\n");
		}
		out.append("  errors      ").append(s.errors().isEmpty() ? "none" : s.errors().toString()).append('\n');
		out.append(ClientHealthReports.lines(s));
		out.append(String.format(Locale.ROOT, "  %-14s %6s %6s %6s %6s %9s %9s %10s %10s %8s%n", "dataset", "weight",
				"total", "ok", "failed", "tokens", "chars", "avg resp s", "chars/s", "tok/s"));
		for (DatasetStats d : s.datasets()) {
			out.append(String.format(Locale.ROOT, "  %-14s %6s %6d %6d %6d %9d %9d %10s %10s %8s%n", text(d.name()),
					num(d.weight(), 2), d.total(), d.succeeded(), d.failed(), d.outputTokens(), d.chars(),
					num(d.avgResponseSeconds(), 3), num(d.avgGenerationSpeed(), 1), num(d.avgTps(), 1)));
		}
		out.append(String.format(Locale.ROOT, "  overall     avg response %s s, generation speed %s chars/s, TPS %s%n",
				num(s.avgResponseSeconds(), 3), num(s.avgGenerationSpeed(), 1), num(s.avgTps(), 1)));
		return out.toString();
	}

	private static void row(StringBuilder out, String name, LatencyStats l) {
		out.append(String.format(Locale.ROOT, "  %-6s %9s %9s %9s %9s %9s %9s%n", name, num(l.mean(), 2), num(l.p50(), 2),
				num(l.p90(), 2), num(l.p95(), 2), num(l.p99(), 2), num(l.max(), 2)));
	}

	/** A figure with {@code decimals} decimals, or a dash when it is undefined (never "NaN" to a user). */
	static String num(double v, int decimals) {
		return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
	}

	/** A text, or a dash when there is none (never "null" to a user). */
	static String text(String s) {
		return s == null || s.isBlank() ? "-" : s;
	}

	/** The summary as the JSON object written by {@code --out}. */
	/** Runs side by side: one line per figure, each run's value and its change against the first run. */
	static String comparison(io.deepstress.core.metrics.RunComparison cmp) {
		StringBuilder b = new StringBuilder();
		int n = cmp.runs().size();
		b.append(String.format(java.util.Locale.ROOT, "%-22s", "figure"));
		for (int i = 0; i < n; i++) {
			RunSummary r = cmp.runs().get(i);
			String head = (i == 0 ? "[base] " : "") + text(r.name());
			b.append(String.format(java.util.Locale.ROOT, "  %22s", head.length() > 22 ? head.substring(0, 22) : head));
		}
		b.append('\n').append(String.format(java.util.Locale.ROOT, "%-22s", "run"));
		for (RunSummary r : cmp.runs()) {
			b.append(String.format(java.util.Locale.ROOT, "  %22s", r.runId().substring(0, Math.min(8, r.runId().length()))));
		}
		b.append('\n');
		for (var row : cmp.rows()) {
			String label = row.metric() + (row.unit().isEmpty() ? "" : " (" + row.unit() + ")");
			b.append(String.format(java.util.Locale.ROOT, "%-22s", label));
			int best = row.best();
			for (int i = 0; i < n; i++) {
				double v = row.values().get(i);
				double c = row.changes().get(i);
				String value = Double.isNaN(v) ? "-" : v == Math.rint(v) && Math.abs(v) < 1e12 ? String.format(java.util.Locale.ROOT, "%.0f", v)
						: String.format(java.util.Locale.ROOT, "%.2f", v);
				String change = i == 0 || Double.isNaN(c) ? "" : String.format(java.util.Locale.ROOT, " %+.1f%%", c);
				String mark = n > 1 && i == best ? "*" : "";
				b.append(String.format(java.util.Locale.ROOT, "  %22s", value + change + mark));
			}
			b.append('\n');
		}
		b.append("(* best value of a row; changes against the first run)\n");
		return b.toString();
	}

	static Map<String, Object> json(RunSummary s, String url) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("run_id", s.runId());
		m.put("name", s.name());
		m.put("status", s.status().name().toLowerCase(Locale.ROOT));
		if (s.errorMessage() != null) {
			m.put("error_message", s.errorMessage());
		}
		m.put("url", url);
		m.put("model", s.model());
		m.put("load", s.loadDescription());
		m.put("concurrency", s.concurrency());
		m.put("start_epoch_ms", s.startEpochMillis());
		m.put("end_epoch_ms", s.endEpochMillis());
		m.put("requests", ordered("total", s.total(), "succeeded", s.succeeded(), "failed", s.failed(), "attempts",
				s.attempts()));
		m.put("duration_s", s.durationSeconds());
		Map<String, Object> throughput = ordered("requests_per_s", s.requestsPerSecond(), "output_tokens_per_s",
				s.outputTokensPerSecond());
		if (!Double.isNaN(s.targetRate())) {
			throughput.put("target_rate", s.targetRate());
			throughput.put("achieved_rate", s.achievedRate());
		}
		m.put("throughput", throughput);
		m.put("tokens", ordered("output", s.outputTokens(), "input", s.inputTokens(), "estimated_requests",
				s.estimatedTokens(), "chars", s.chars()));
		m.put("ttft_ms", latency(s.ttft()));
		m.put("e2e_ms", latency(s.e2e()));
		m.put("itl_ms", latency(s.itl()));
		m.put("tpot_ms", latency(s.tpot()));
		if (s.turns().any()) {
			m.put("turns", ordered("first_turn_ttft_ms", latency(s.turns().firstTurnTtft()), "later_turns_ttft_ms",
					latency(s.turns().laterTurnTtft())));
		}
		m.put("errors", new LinkedHashMap<>(s.errors()));
		ClientHealthReports.put(m, s);
		List<Map<String, Object>> datasets = s.datasets().stream().map(d -> ordered("name", d.name(), "weight",
				d.weight(), "total", d.total(), "succeeded", d.succeeded(), "failed", d.failed(), "output_tokens",
				d.outputTokens(), "chars", d.chars(), "total_time_s", d.totalTimeSeconds(), "avg_response_time_s",
				d.avgResponseSeconds(), "avg_generation_speed", d.avgGenerationSpeed(), "avg_tps", d.avgTps()))
				.toList();
		m.put("datasets", datasets);
		m.put("original", ordered("avg_response_time_s", s.avgResponseSeconds(), "avg_generation_speed",
				s.avgGenerationSpeed(), "avg_tps", s.avgTps()));
		return m;
	}

	static Map<String, Object> latency(LatencyStats l) {
		return ordered("count", l.count(), "mean", l.mean(), "p50", l.p50(), "p90", l.p90(), "p95", l.p95(), "p99",
				l.p99(), "max", l.max());
	}

	/** One attempt as the JSON object of a {@code --samples} line. */
	static Map<String, Object> sample(RequestResult r) {
		Map<String, Object> m = ordered("request_id", r.requestId(), "index", r.index(), "dataset", r.dataset(),
				"prompt_id", r.promptId(), "attempt", r.attempt(), "final", r.last(), "warmup", r.warmup(),
				"start_epoch_us", r.startEpochMicros(), "ttft_ms", nanosToMs(r.ttftNanos()), "e2e_ms",
				nanosToMs(r.e2eNanos()), "itl_count", r.itlCount(), "itl_mean_ms", nanosToMs(r.itlMeanNanos()),
				"itl_max_ms", nanosToMs(r.itlMaxNanos()), "tpot_ms", nanosToMs(r.tpotNanos()), "output_tokens",
				r.outputTokens(), "tokens_source", r.tokenSource().name().toLowerCase(Locale.ROOT), "input_tokens",
				r.inputTokens() < 0 ? null : r.inputTokens(), "chars", r.chars(), "http_status",
				r.httpStatus() == 0 ? null : r.httpStatus());
		m.put("error", r.errorKey());
		m.put("error_message", r.errorMessage());
		if (r.httpTiming() != null) {
			m.put("http", HttpTimingReports.sample(r.httpTiming()));
		}
		return m;
	}

	private static Double nanosToMs(long nanos) {
		return nanos < 0 ? null : nanos / 1e6;
	}

	private static Map<String, Object> ordered(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			m.put((String) kv[i], kv[i + 1]);
		}
		return m;
	}
}
