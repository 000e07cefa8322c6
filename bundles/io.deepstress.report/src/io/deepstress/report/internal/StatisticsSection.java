package io.deepstress.report.internal;

import java.util.Optional;

import io.deepstress.core.report.Html;
import io.deepstress.core.report.ReportContext;
import io.deepstress.core.report.ReportSection;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunSummary;

/** Requests, throughput and the latency percentiles (DESIGN.md's definitions), per run. */
final class StatisticsSection implements ReportSection {

	@Override
	public int order() {
		return 300;
	}

	@Override
	public Optional<String> html(ReportContext c) {
		StringBuilder b = new StringBuilder("<section id=\"statistics\"><h2>Statistics</h2>");
		if (c.isBatch()) {
			b.append("<table>").append(Html.head("run", "load", "requests", "failed", "req/s", "output tok/s",
					"TTFT p50 (ms)", "TTFT p90", "TTFT p99", "E2E p50 (ms)", "E2E p99", "ITL p50 (ms)", "TPOT p50 (ms)"));
			for (RunRecord r : c.runs()) {
				RunSummary s = r.summary();
				b.append(Html.row(Html.escape(EnvironmentSection.label(s)), Html.escape(s.loadDescription()),
						Long.toString(s.total()), Long.toString(s.failed()), Html.num(s.requestsPerSecond(), 2),
						Html.num(s.outputTokensPerSecond(), 1), Html.num(s.ttft().p50(), 1), Html.num(s.ttft().p90(), 1),
						Html.num(s.ttft().p99(), 1), Html.num(s.e2e().p50(), 1), Html.num(s.e2e().p99(), 1),
						Html.num(s.itl().p50(), 2), Html.num(s.tpot().p50(), 2)));
			}
			b.append("</table>");
		} else {
			RunSummary s = c.runs().get(0).summary();
			b.append("<table class=\"kv\">");
			EnvironmentSection.kv(b, "status", s.status().name().toLowerCase(java.util.Locale.ROOT)
					+ (s.errorMessage() != null ? ": " + s.errorMessage() : ""));
			EnvironmentSection.kv(b, "requests", s.total() + " measured, " + s.succeeded() + " succeeded, " + s.failed()
					+ " failed (" + s.attempts() + " attempts with retries and warm-up)");
			EnvironmentSection.kv(b, "duration", Html.num(s.durationSeconds(), 2) + " s");
			EnvironmentSection.kv(b, "throughput", Html.num(s.requestsPerSecond(), 2) + " req/s, "
					+ Html.num(s.outputTokensPerSecond(), 1) + " output tok/s"
					+ (Double.isNaN(s.achievedRate()) ? "" : ", arrivals " + Html.num(s.achievedRate(), 2) + "/s of "
							+ Html.num(s.targetRate(), 2) + "/s"));
			EnvironmentSection.kv(b, "tokens", s.outputTokens() + " output, " + s.inputTokens() + " input");
			b.append("</table><table>").append(Html.head("latency (ms)", "count", "mean", "p50", "p90", "p95", "p99",
					"max"));
			latency(b, "TTFT", s.ttft());
			latency(b, "E2E", s.e2e());
			latency(b, "ITL", s.itl());
			latency(b, "TPOT", s.tpot());
			b.append("</table>");
		}
		return Optional.of(b.append("</section>\n").toString());
	}

	private static void latency(StringBuilder b, String name, LatencyStats l) {
		b.append(Html.row(name, Long.toString(l.count()), Html.num(l.mean(), 2), Html.num(l.p50(), 2),
				Html.num(l.p90(), 2), Html.num(l.p95(), 2), Html.num(l.p99(), 2), Html.num(l.max(), 2)));
	}
}
