package io.deepstress.ui.records.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.deepstress.core.metrics.RunComparison;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.verdict.MetricVerdict;
import io.deepstress.core.verdict.RunVerdict;
import io.deepstress.core.verdict.Verdict;
import io.deepstress.core.verdict.VerdictPolicy;
import io.deepstress.core.verdict.Verdicts;

/**
 * The verdict columns of the Compare view: each run after the first judged against the first (the baseline) from
 * the stored samples ({@link Verdicts}), shown on the rows of the figures they judge.
 *
 * @param comparison the figures
 * @param verdicts   one per run after the first, in the comparison's order
 */
record CompareVerdicts(RunComparison comparison, List<RunVerdict> verdicts) {

	/** Off the UI thread: the comparison and the verdicts of its runs against its first. */
	static CompareVerdicts of(RunStore store, RunComparison cmp) {
		List<RunVerdict> verdicts = new ArrayList<>();
		String base = cmp.runs().get(0).runId();
		for (int i = 1; i < cmp.runs().size(); i++) {
			verdicts.add(Verdicts.compareRuns(store, base, cmp.runs().get(i).runId(), VerdictPolicy.defaults()));
		}
		return new CompareVerdicts(cmp, verdicts);
	}

	/** The verdict of a figure's row, if the verdicts judge that figure. */
	static Optional<MetricVerdict> of(RunVerdict v, RunComparison.Row row) {
		String metric = row.metric();
		return switch (metric) {
		case "throughput" -> v.metric("throughput", "mean");
		case "output tokens" -> v.metric("output throughput", "mean");
		case "error rate" -> v.metric("error rate", "mean");
		default -> {
			int space = metric.lastIndexOf(' ');
			yield space < 0 ? Optional.empty() : v.metric(metric.substring(0, space), metric.substring(space + 1));
		}
		};
	}

	/** "worse: +30.2 [+27.1, +33.9] ms", "no significant change", "" for a figure without a verdict. */
	static String cell(RunVerdict v, RunComparison.Row row) {
		return of(v, row).map(CompareVerdicts::text).orElse("");
	}

	static String text(MetricVerdict m) {
		if (m.verdict() == Verdict.NOT_ENOUGH_DATA || m.verdict() == Verdict.NO_CHANGE || Double.isNaN(m.low())) {
			return m.verdict().label();
		}
		return String.format(Locale.ROOT, "%s: %+.2f [%+.2f, %+.2f] %s", m.verdict().label(), m.difference(), m.low(),
				m.high(), m.unit());
	}
}
