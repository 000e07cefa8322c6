package io.deepstress.cli.internal;

import java.util.Locale;
import java.util.stream.Collectors;

import io.deepstress.core.verdict.MetricVerdict;
import io.deepstress.core.verdict.RunVerdict;
import io.deepstress.core.verdict.Verdict;

/** The verdict table of {@code runs compare --verdict}. */
final class VerdictText {

	private VerdictText() {
	}

	static String table(RunVerdict v) {
		StringBuilder b = new StringBuilder();
		var p = v.policy();
		int level = (int) Math.round(p.confidence() * 100);
		b.append(String.format(Locale.ROOT, "verdict: %s against the baseline %s%n", v.candidate(), v.baseline()));
		b.append(String.format(Locale.ROOT,
				"  %d %% bootstrap intervals of candidate - baseline (%d resamples); minimum effect %s %% (latencies at"
						+ " least %s ms)%n",
				level, p.resamples(), num(p.minRelativeEffect() * 100, 1), num(p.minAbsoluteMillis(), 1)));
		b.append(String.format(Locale.ROOT, "%-30s %10s %10s %10s  %-22s %8s %7s  %s%n", "metric", "baseline", "candidate",
				"difference", level + " % interval", "change", "delta", "verdict"));
		for (MetricVerdict m : v.metrics()) {
			String interval = Double.isNaN(m.low()) ? "-"
					: "[" + signed(m.low()) + ", " + signed(m.high()) + "]";
			b.append(String.format(Locale.ROOT, "%-30s %10s %10s %10s  %-22s %8s %7s  %s%n",
					m.name() + " (" + m.unit() + ")", num(m.baseline(), 2), num(m.candidate(), 2), signed(m.difference()),
					interval, Double.isNaN(m.relative()) ? "-" : String.format(Locale.ROOT, "%+.1f%%", 100 * m.relative()),
					Double.isNaN(m.cliffsDelta()) ? "-" : String.format(Locale.ROOT, "%+.2f", m.cliffsDelta()),
					m.verdict().label() + (m.verdict() == Verdict.NOT_ENOUGH_DATA
							? " (" + m.nBaseline() + " vs " + m.nCandidate() + " samples)" : "")));
		}
		b.append(v.regressed()
				? "regression: " + v.regressions().stream().map(MetricVerdict::name).collect(Collectors.joining(", "))
						+ " significantly worse\n"
				: "no regression\n");
		b.append("(delta: Cliff's delta of the candidate's samples against the baseline's, -1 to 1)\n");
		return b.toString();
	}

	private static String num(double v, int decimals) {
		return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
	}

	private static String signed(double v) {
		return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%+.2f", v);
	}
}
