package io.deepstress.report.internal;

import java.util.Map;
import java.util.Optional;

import io.deepstress.core.report.Html;
import io.deepstress.core.report.ReportContext;
import io.deepstress.core.report.ReportSection;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.slo.SloFormat;
import io.deepstress.core.slo.SloResult;

/**
 * The SLO each run was judged by, as saved with the run: attainment, goodput, and every run-level limit with its
 * measured value. Absent when no run of the report had an SLO.
 */
final class SloSection implements ReportSection {

	@Override
	public int order() {
		return 350;
	}

	@Override
	public Optional<String> html(ReportContext c) {
		Map<String, SloResult> judged = c.store().slo(c.runs().stream().map(r -> r.summary().runId()).toList());
		if (judged.isEmpty()) {
			return Optional.empty();
		}
		StringBuilder b = new StringBuilder("<section id=\"slo\"><h2>SLO</h2><table>")
				.append(Html.head("run", "SLO", "attainment", "goodput", "limits", "verdict"));
		for (RunRecord r : c.runs()) {
			SloResult s = judged.get(r.summary().runId());
			if (s == null) {
				continue;
			}
			StringBuilder limits = new StringBuilder();
			for (SloResult.LimitResult l : s.limits()) {
				limits.append(limits.isEmpty() ? "" : "; ").append(l.text()).append(": ")
						.append(Double.isNaN(l.valueMillis()) ? "no value" : SloFormat.trim(l.valueMillis()) + " ms")
						.append(l.passed() ? " (holds)" : " (fails)");
			}
			b.append(Html.row(Html.escape(EnvironmentSection.label(r.summary())), Html.escape(s.expression()),
					Html.escape(SloFormat.percent(s.attainment()) + " of " + s.total()),
					Html.escape(SloFormat.trim(s.goodputRps()) + " req/s, " + SloFormat.trim(s.goodputTps()) + " tok/s"),
					Html.escape(limits.isEmpty() ? "none (per-request limits only)" : limits.toString()),
					s.passed() ? "<span class=\"better\">passed</span>" : "<span class=\"worse\">failed</span>"));
		}
		return Optional.of(b.append("</table></section>\n").toString());
	}
}
