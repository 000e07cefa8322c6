package io.deepstress.report.internal;

import java.util.Optional;

import io.deepstress.core.metrics.Saturation;
import io.deepstress.core.metrics.SaturationDetector;
import io.deepstress.core.metrics.SaturationVerdict;
import io.deepstress.core.report.Html;
import io.deepstress.core.report.ReportContext;
import io.deepstress.core.report.ReportSection;
import io.deepstress.core.run.RunRecord;

/**
 * Whether each run saturated: the live test's verdict saved with the run, or for runs recorded before it was kept,
 * the test replayed on the stored samples.
 */
final class SaturationSection implements ReportSection {

	@Override
	public int order() {
		return 650;
	}

	@Override
	public Optional<String> html(ReportContext c) {
		StringBuilder b = new StringBuilder("<section id=\"saturation\"><h2>Saturation</h2><table>")
				.append(Html.head("run", "load", "saturation"));
		for (RunRecord r : c.runs()) {
			Optional<SaturationVerdict> stored = c.store().saturation(r.summary().runId());
			String verdict;
			if (stored.isPresent()) { // as the live test decided while the run ran
				SaturationVerdict v = stored.get();
				verdict = v.saturated() ? "<span class=\"worse\">" + Html.escape(v.describe()) + "</span>"
						: Html.escape(v.describe());
			} else { // recorded before the verdict was kept: the test replayed on the stored samples
				SaturationDetector detector = SaturationDetector.defaults();
				Optional<Saturation> found = detector.replay(r.summary().runId(), c.store().samples(r.summary().runId()));
				verdict = found.map(s -> "<span class=\"worse\">" + Html.escape(s.describe()) + "</span>")
						.orElse(Html.escape("not found (" + detector.window() + "-second windows, "
								+ Math.round(100 * 0.95) + " % bounds)")) + " (replayed on the stored samples)";
			}
			b.append(Html.row(Html.escape(EnvironmentSection.label(r.summary())), Html.escape(r.summary().loadDescription()),
					verdict));
		}
		b.append("</table><p class=\"muted\">Saturated: requests in flight and latency grow while throughput does not,"
				+ " each shown by a one-sided confidence bound of its slope over the window. A closed loop at a fixed"
				+ " concurrency cannot grow what is in flight and is never reported.</p></section>\n");
		return Optional.of(b.toString());
	}
}
