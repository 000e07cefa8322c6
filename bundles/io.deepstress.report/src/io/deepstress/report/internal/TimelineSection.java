package io.deepstress.report.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import io.deepstress.core.report.Html;
import io.deepstress.core.report.ReportContext;
import io.deepstress.core.report.ReportSection;
import io.deepstress.core.report.SvgChart;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunSummary;

/**
 * Charts: for a run, latency, completions and requests in flight over its time; for a batch, the percentiles and
 * throughput of each run against its load level.
 */
final class TimelineSection implements ReportSection {

	@Override
	public int order() {
		return 600;
	}

	@Override
	public Optional<String> html(ReportContext c) {
		StringBuilder b = new StringBuilder("<section id=\"charts\"><h2>Charts</h2>");
		if (c.isBatch()) {
			batch(b, c.runs());
		} else {
			run(b, c, c.runs().get(0));
		}
		return Optional.of(b.append("</section>\n").toString());
	}

	private static void run(StringBuilder b, ReportContext c, RunRecord run) {
		Timeline t = new Timeline(c.store().samples(run.summary().runId()));
		b.append(SvgChart.of("latency", "Latency of each request by completion time", "seconds since the first request",
				"ms").dots("E2E", t.endSeconds, t.e2eMs).dots("TTFT", t.endSeconds, t.ttftMs).svg());
		b.append(SvgChart.of("throughput", "Completions per second", "second of the run", "requests")
				.line("succeeded", t.second, t.okPerSecond).line("failed", t.second, t.failedPerSecond).svg());
		b.append(SvgChart.of("inflight", "Requests in flight", "seconds since the first request", "requests")
				.line("in flight", t.inflightTime, t.inflight).svg());
	}

	private static void batch(StringBuilder b, List<RunRecord> runs) {
		List<RunSummary> s = runs.stream().map(RunRecord::summary).toList();
		boolean open = s.stream().allMatch(r -> !Double.isNaN(r.targetRate()));
		boolean distinctConcurrency = s.stream().mapToInt(RunSummary::concurrency).distinct().count() == s.size();
		boolean distinctRate = s.stream().mapToDouble(RunSummary::targetRate).distinct().count() == s.size();
		ToDoubleFunction<RunSummary> level;
		String axis;
		if (open && distinctRate) {
			level = RunSummary::targetRate;
			axis = "target rate (req/s)";
		} else if (!open && distinctConcurrency) {
			level = RunSummary::concurrency;
			axis = "concurrency";
		} else {
			List<String> ids = s.stream().map(RunSummary::runId).toList();
			level = r -> ids.indexOf(r.runId()) + 1;
			axis = "run (in start order)";
		}
		double[] x = s.stream().mapToDouble(level).toArray();
		b.append(SvgChart.of("batch-latency", "Latency percentiles per run", axis, "ms")
				.line("TTFT p50", x, values(s, r -> r.ttft().p50())).line("TTFT p90", x, values(s, r -> r.ttft().p90()))
				.line("TTFT p99", x, values(s, r -> r.ttft().p99())).line("E2E p50", x, values(s, r -> r.e2e().p50()))
				.line("E2E p99", x, values(s, r -> r.e2e().p99())).svg());
		b.append(SvgChart.of("batch-throughput", "Throughput per run", axis, "req/s")
				.line("succeeded req/s", x, values(s, RunSummary::requestsPerSecond)).svg());
		b.append(SvgChart.of("batch-tokens", "Output tokens per second per run", axis, "tok/s")
				.line("output tok/s", x, values(s, RunSummary::outputTokensPerSecond)).svg());
		b.append("<p class=\"muted\">").append(Html.escape(s.size() + " runs")).append("</p>");
	}

	private static double[] values(List<RunSummary> s, ToDoubleFunction<RunSummary> f) {
		return s.stream().mapToDouble(f).toArray();
	}
}
