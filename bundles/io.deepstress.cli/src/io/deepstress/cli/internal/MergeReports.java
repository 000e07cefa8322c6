package io.deepstress.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.deepstress.core.batch.MergedBatch;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.timeline.TimelinePoint;

/** {@code runs merge}'s table and JSON of a merged batch. */
final class MergeReports {

	private MergeReports() {
	}

	static String table(MergedBatch m) {
		StringBuilder b = new StringBuilder();
		b.append("batch ").append(m.batchId()).append(": ").append(m.agents().size()).append(" run")
				.append(m.agents().size() == 1 ? "" : "s").append('\n');
		for (MergedBatch.Agent a : m.agents()) {
			b.append(String.format(Locale.ROOT, "  %-8s %-36s %-10s %6d ok %5d failed  %s req/s  clock %s%n",
					a.shard() == null ? "-" : a.shard().toString(), a.runId(), a.status().name().toLowerCase(Locale.ROOT),
					a.succeeded(), a.failed(), Reports.num(a.requestsPerSecond(), 2), clock(a)));
		}
		b.append(String.format(Locale.ROOT, "requests     %d (%d ok, %d failed)%n", m.total(), m.succeeded(), m.failed()));
		b.append(String.format(Locale.ROOT, "window       %s s common to all runs%n", Reports.num(m.windowSeconds(), 1)));
		b.append(String.format(Locale.ROOT, "throughput   %s req/s, %s output tokens/s (agents' own rates added: %s req/s)%n",
				Reports.num(m.requestsPerSecond(), 2), Reports.num(m.outputTokensPerSecond(), 1),
				Reports.num(m.sumOfAgentRates(), 2)));
		b.append("             count     mean      p50      p90      p95      p99      max (ms, merged histograms)\n");
		row(b, "TTFT", m.ttft());
		row(b, "E2E", m.e2e());
		row(b, "ITL", m.itl());
		row(b, "TPOT", m.tpot());
		if (!m.errors().isEmpty()) {
			b.append("errors       ").append(m.errors()).append('\n');
		}
		for (String p : m.problems()) {
			b.append("note: ").append(p).append('\n');
		}
		return b.toString();
	}

	private static String clock(MergedBatch.Agent a) {
		if (!a.clock().measured()) {
			return "not measured";
		}
		return String.format(Locale.ROOT, "%+d ms ±%d (%s)", a.clock().offsetMillis(), a.clock().uncertaintyMillis(),
				a.clock().source());
	}

	private static void row(StringBuilder b, String name, LatencyStats l) {
		b.append(String.format(Locale.ROOT, "%-10s %7d %8s %8s %8s %8s %8s %8s%n", name, l.count(), Reports.num(l.mean(), 1),
				Reports.num(l.p50(), 1), Reports.num(l.p90(), 1), Reports.num(l.p95(), 1), Reports.num(l.p99(), 1),
				Reports.num(l.max(), 1)));
	}

	static Map<String, Object> json(MergedBatch m) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("batch_id", m.batchId());
		List<Map<String, Object>> agents = new ArrayList<>();
		for (MergedBatch.Agent a : m.agents()) {
			Map<String, Object> j = new LinkedHashMap<>();
			j.put("run_id", a.runId());
			j.put("name", a.name());
			j.put("shard", a.shard() == null ? null : a.shard().toString());
			j.put("status", a.status().name().toLowerCase(Locale.ROOT));
			j.put("host", a.host());
			j.put("clock_offset_ms", a.clock().offsetMillis());
			j.put("clock_uncertainty_ms", a.clock().uncertaintyMillis());
			j.put("clock_source", a.clock().source());
			j.put("start_epoch_ms", a.startEpochMillis());
			j.put("end_epoch_ms", a.endEpochMillis());
			j.put("succeeded", a.succeeded());
			j.put("failed", a.failed());
			j.put("requests_per_s", a.requestsPerSecond());
			j.put("histograms", a.hasHistograms());
			agents.add(j);
		}
		out.put("agents", agents);
		out.put("requests", Map.of("total", m.total(), "succeeded", m.succeeded(), "failed", m.failed()));
		out.put("tokens", Map.of("output", m.outputTokens(), "input", m.inputTokens()));
		Map<String, Object> window = new LinkedHashMap<>();
		window.put("start_epoch_ms", m.windowStartEpochMillis());
		window.put("end_epoch_ms", m.windowEndEpochMillis());
		window.put("seconds", m.windowSeconds());
		out.put("window", window);
		Map<String, Object> throughput = new LinkedHashMap<>();
		throughput.put("requests_per_s", m.requestsPerSecond());
		throughput.put("output_tokens_per_s", m.outputTokensPerSecond());
		throughput.put("sum_of_agent_rates", m.sumOfAgentRates());
		out.put("throughput", throughput);
		out.put("ttft_ms", Reports.latency(m.ttft()));
		out.put("e2e_ms", Reports.latency(m.e2e()));
		out.put("itl_ms", Reports.latency(m.itl()));
		out.put("tpot_ms", Reports.latency(m.tpot()));
		out.put("errors", new LinkedHashMap<>(m.errors()));
		Map<String, Object> timeline = new LinkedHashMap<>();
		timeline.put("start_epoch_ms", m.timelineStartEpochMillis());
		List<Map<String, Object>> points = new ArrayList<>();
		for (TimelinePoint p : m.timeline()) {
			Map<String, Object> j = new LinkedHashMap<>();
			j.put("t_s", p.tS());
			j.put("in_flight", p.inFlight());
			j.put("started", p.started());
			j.put("completed", p.completed());
			j.put("failed", p.failed());
			j.put("output_tokens_per_s", p.outputTokensPerS());
			points.add(j);
		}
		timeline.put("points", points);
		out.put("timeline", timeline);
		out.put("problems", m.problems());
		return out;
	}
}
