package io.deepstress.report.internal;

import java.util.Optional;
import java.util.stream.Collectors;

import io.deepstress.core.report.Html;
import io.deepstress.core.report.ReportContext;
import io.deepstress.core.report.ReportSection;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.verdict.BaselineStore;
import io.deepstress.core.verdict.BaselineStore.Baseline;
import io.deepstress.core.verdict.MetricVerdict;
import io.deepstress.core.verdict.RunVerdict;
import io.deepstress.core.verdict.Verdict;
import io.deepstress.core.verdict.VerdictPolicy;
import io.deepstress.core.verdict.Verdicts;

/** Each run judged against the baseline of its configuration, when one is marked. */
final class VerdictSection implements ReportSection {

	private final BaselineStore baselines;

	VerdictSection(BaselineStore baselines) {
		this.baselines = baselines;
	}

	@Override
	public int order() {
		return 400;
	}

	@Override
	public Optional<String> html(ReportContext c) {
		if (baselines == null) {
			return Optional.empty();
		}
		StringBuilder b = new StringBuilder("<section id=\"verdict\"><h2>Verdict against the baseline</h2>");
		boolean any = false;
		for (RunRecord r : c.runs()) {
			String id = r.summary().runId();
			String scope = BaselineStore.scopeOf(r);
			Optional<Baseline> baseline = baselines.baselineFor(id);
			if (c.isBatch()) {
				b.append("<h3>").append(Html.escape(EnvironmentSection.label(r.summary()))).append("</h3>");
			}
			if (baseline.isEmpty()) {
				b.append("<p class=\"muted\">No baseline is marked for '").append(Html.escape(scope))
						.append("' (deepstress runs baseline RUN_ID).</p>");
				continue;
			}
			if (baseline.get().runId().equals(id)) {
				b.append("<p>This run is the baseline of '").append(Html.escape(scope)).append("'.</p>");
				continue;
			}
			any = true;
			RunVerdict v = Verdicts.compareRuns(c.store(), baseline.get().runId(), id, VerdictPolicy.defaults());
			table(b, v);
		}
		if (!any && c.isBatch() && c.runs().stream().allMatch(r -> baselines.baselineFor(r.summary().runId()).isEmpty())) {
			return Optional.empty();
		}
		return Optional.of(b.append("</section>\n").toString());
	}

	static void table(StringBuilder b, RunVerdict v) {
		var p = v.policy();
		int level = (int) Math.round(p.confidence() * 100);
		b.append("<p>Against the baseline run ").append(Html.escape(v.baseline())).append(": ")
				.append(v.regressed() ? "<span class=\"worse\">regression in " + Html.escape(v.regressions().stream()
						.map(MetricVerdict::name).collect(Collectors.joining(", "))) + "</span>" : "no regression")
				.append(". ").append(level).append(" % percentile-bootstrap intervals of the difference (candidate −"
						+ " baseline); a change counts when the interval excludes 0 and it is at least ")
				.append(Html.num(p.minRelativeEffect() * 100, 0)).append(" % (latencies at least ")
				.append(Html.num(p.minAbsoluteMillis(), 0)).append(" ms).</p><table>")
				.append(Html.head("metric", "baseline", "this run", "difference", level + " % interval", "change",
						"Cliff's delta", "verdict"));
		for (MetricVerdict m : v.metrics()) {
			String css = m.verdict() == Verdict.WORSE ? "worse" : m.verdict() == Verdict.BETTER ? "better" : "muted";
			b.append(Html.row(Html.escape(m.name() + " (" + m.unit() + ")"), Html.num(m.baseline(), 2),
					Html.num(m.candidate(), 2), Html.num(m.difference(), 2),
					Double.isNaN(m.low()) ? "-" : "[" + Html.num(m.low(), 2) + ", " + Html.num(m.high(), 2) + "]",
					Double.isNaN(m.relative()) ? "-" : Html.num(100 * m.relative(), 1) + " %", Html.num(m.cliffsDelta(), 2),
					"<span class=\"" + css + "\">" + Html.escape(m.verdict().label()) + "</span>"));
		}
		b.append("</table>");
	}
}
