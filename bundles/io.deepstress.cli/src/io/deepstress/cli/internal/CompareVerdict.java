package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.util.List;

import io.deepstress.core.services.RunStore;
import io.deepstress.core.verdict.BaselineStore;
import io.deepstress.core.verdict.RunVerdict;
import io.deepstress.core.verdict.VerdictPolicy;
import io.deepstress.core.verdict.Verdicts;

/**
 * {@code runs compare ... --verdict}: one run against its configuration's baseline, run A against run B, or batch A
 * against batch B. Exit 0, 1 when {@code --fail-on-regression} and a metric is significantly worse, 2 for a bad
 * command line or an unknown run, batch or baseline (so that a CI gate tells a regression from a mistake).
 */
final class CompareVerdict {

	private CompareVerdict() {
	}

	static int run(Services services, RunStore store, List<String> ids, boolean batches, boolean failOnRegression,
			Double confidence, Double minEffectPercent, PrintStream out, PrintStream err) throws Exception {
		if (ids == null || ids.isEmpty() || ids.size() > 2 || batches && ids.size() != 2) {
			throw new UsageException(batches ? "compare --batches takes two batch ids"
					: "compare --verdict takes a run id (judged against its baseline) or two (the first the baseline)");
		}
		VerdictPolicy policy = VerdictPolicy.defaults();
		if (confidence != null) {
			if (!(confidence > 0.5 && confidence < 1)) {
				throw new UsageException("--confidence must be between 0.5 and 1 (exclusive), got " + confidence);
			}
			policy = policy.withConfidence(confidence);
		}
		if (minEffectPercent != null) {
			if (!(minEffectPercent >= 0 && minEffectPercent <= 100)) {
				throw new UsageException("--min-effect must be a percentage from 0 to 100, got " + minEffectPercent);
			}
			policy = policy.withMinRelativeEffect(minEffectPercent / 100);
		}
		RunVerdict verdict;
		try {
			if (batches) {
				verdict = Verdicts.compareBatches(store, ids.get(0), ids.get(1), policy);
			} else if (ids.size() == 2) {
				verdict = Verdicts.compareRuns(store, ids.get(0), ids.get(1), policy);
			} else {
				String run = ids.get(0);
				BaselineStore baselines = services.find(BaselineStore.class, 10_000).orElse(null);
				if (baselines == null) {
					err.println("deepstress runs: the records store is not available");
					return 1;
				}
				var baseline = baselines.baselineFor(run);
				if (baseline.isEmpty()) {
					err.println("deepstress runs: run " + run + " has no baseline: mark one with deepstress runs baseline"
							+ " RUN_ID, or compare two runs");
					return 2;
				}
				if (baseline.get().runId().equals(run)) {
					err.println("deepstress runs: run " + run + " is itself the baseline of '" + baseline.get().scope() + "'");
					return 2;
				}
				verdict = Verdicts.compareRuns(store, baseline.get().runId(), run, policy);
			}
		} catch (IllegalArgumentException e) {
			err.println("deepstress runs: " + e.getMessage());
			return 2;
		}
		out.print(VerdictText.table(verdict));
		return failOnRegression && verdict.regressed() ? 1 : 0;
	}
}
