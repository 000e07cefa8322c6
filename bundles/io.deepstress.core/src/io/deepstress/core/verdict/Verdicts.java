package io.deepstress.core.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import io.deepstress.core.internal.verdict.Bootstrap;
import io.deepstress.core.internal.verdict.Bootstrap.Interval;
import io.deepstress.core.internal.verdict.Bootstrap.Statistic;
import io.deepstress.core.metrics.RunComparison.Better;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;

/**
 * Judges a candidate against a baseline from their per-request samples (see docs/ARCHITECTURE.md, "Verdicts"):
 * per metric and statistic, a percentile bootstrap confidence interval of the difference (candidate − baseline),
 * Cliff's delta as the effect size, and a verdict: better or worse only when the interval excludes 0 and the
 * shift is at least the policy's minimum practical effect. Only measured final attempts count (warm-up and
 * retried attempts are left out), as in the run statistics.
 */
public final class Verdicts {

	/** Width of the windows the throughput is counted in. */
	static final long WINDOW_MICROS = 1_000_000L;

	private Verdicts() {
	}

	/**
	 * Compares two sides, each one or more runs' samples (one list per run: the throughput windows are counted per
	 * run and pooled).
	 */
	public static RunVerdict compare(String baselineLabel, List<List<RequestResult>> baseline, String candidateLabel,
			List<List<RequestResult>> candidate, VerdictPolicy policy) {
		List<RequestResult> b = measured(baseline);
		List<RequestResult> c = measured(candidate);
		List<MetricVerdict> out = new ArrayList<>();
		int seed = 0;
		latency(out, "TTFT", b, c, r -> r.ttftNanos() >= 0, RequestResult::ttftNanos, policy, seed += 10);
		latency(out, "E2E", b, c, r -> r.e2eNanos() >= 0, RequestResult::e2eNanos, policy, seed += 10);
		latency(out, "TPOT", b, c, r -> r.tpotNanos() >= 0, RequestResult::tpotNanos, policy, seed += 10);
		latency(out, "ITL", b, c, r -> r.itlCount() > 0, RequestResult::itlMeanNanos, policy, seed += 10);
		out.add(judge("throughput", "mean", "req/s", Better.HIGHER, windows(baseline, false),
				windows(candidate, false), Bootstrap.mean(), 0, policy, seed += 10));
		out.add(judge("output throughput", "mean", "tok/s", Better.HIGHER, windows(baseline, true),
				windows(candidate, true), Bootstrap.mean(), 0, policy, seed += 10));
		out.add(judge("error rate", "mean", "%", Better.LOWER, failed(b), failed(c), Bootstrap.mean(), 1.0, policy,
				seed += 10));
		return new RunVerdict(baselineLabel, candidateLabel, policy, out);
	}

	/** Two stored runs, the first the baseline. */
	public static RunVerdict compareRuns(RunStore store, String baselineId, String candidateId, VerdictPolicy policy) {
		return compare(baselineId, List.of(samples(store, baselineId)), candidateId,
				List.of(samples(store, candidateId)), policy);
	}

	/** The runs of two batches, the first the baseline. */
	public static RunVerdict compareBatches(RunStore store, String baselineBatch, String candidateBatch,
			VerdictPolicy policy) {
		return compare("batch " + baselineBatch, batch(store, baselineBatch), "batch " + candidateBatch,
				batch(store, candidateBatch), policy);
	}

	private static List<RequestResult> samples(RunStore store, String runId) {
		if (store.find(runId).isEmpty()) {
			throw new IllegalArgumentException("no run " + runId);
		}
		return store.samples(runId);
	}

	private static List<List<RequestResult>> batch(RunStore store, String batchId) {
		List<RunRecord> runs = store.list(RunQuery.all(10_000).withBatch(batchId));
		if (runs.isEmpty()) {
			throw new IllegalArgumentException("no runs in batch " + batchId);
		}
		return runs.stream().map(r -> store.samples(r.summary().runId())).toList();
	}

	private static List<RequestResult> measured(List<List<RequestResult>> runs) {
		return runs.stream().flatMap(List::stream).filter(r -> r.last() && !r.warmup()).toList();
	}

	private static void latency(List<MetricVerdict> out, String metric, List<RequestResult> b, List<RequestResult> c,
			Predicate<RequestResult> has, ToDoubleFunction<RequestResult> nanos, VerdictPolicy policy, int seed) {
		double[] bv = millis(b, has, nanos);
		double[] cv = millis(c, has, nanos);
		out.add(judge(metric, "p50", "ms", Better.LOWER, bv, cv, Bootstrap.percentile(50), policy.minAbsoluteMillis(),
				policy, seed));
		out.add(judge(metric, "p90", "ms", Better.LOWER, bv, cv, Bootstrap.percentile(90), policy.minAbsoluteMillis(),
				policy, seed + 1));
	}

	private static double[] millis(List<RequestResult> results, Predicate<RequestResult> has,
			ToDoubleFunction<RequestResult> nanos) {
		return results.stream().filter(r -> r.succeeded() && has.test(r)).mapToDouble(r -> nanos.applyAsDouble(r) / 1e6)
				.toArray();
	}

	private static double[] failed(List<RequestResult> results) {
		return results.stream().mapToDouble(r -> r.succeeded() ? 0 : 100).toArray();
	}

	/**
	 * Successful completions (or their output tokens) per one-second window of each run, counted from the run's first
	 * measured request; the first window (the ramp-up, before the first responses) and the last, partial one are left
	 * out.
	 */
	static double[] windows(List<List<RequestResult>> runs, boolean tokens) {
		List<Double> out = new ArrayList<>();
		for (List<RequestResult> run : runs) {
			List<RequestResult> m = run.stream().filter(r -> r.last() && !r.warmup()).toList();
			if (m.isEmpty()) {
				continue;
			}
			long origin = m.stream().mapToLong(RequestResult::startEpochMicros).min().getAsLong();
			long end = m.stream().mapToLong(Verdicts::endMicros).max().getAsLong();
			int full = (int) ((end - origin) / WINDOW_MICROS);
			double[] counts = new double[full];
			for (RequestResult r : m) {
				int w = (int) ((endMicros(r) - origin) / WINDOW_MICROS);
				if (r.succeeded() && w < full) {
					counts[w] += tokens ? r.outputTokens() : 1;
				}
			}
			for (int w = 1; w < full; w++) {
				out.add(counts[w]);
			}
		}
		return out.stream().mapToDouble(Double::doubleValue).toArray();
	}

	private static long endMicros(RequestResult r) {
		return r.startEpochMicros() + Math.max(0, r.e2eNanos()) / 1000;
	}

	static MetricVerdict judge(String metric, String statistic, String unit, Better better, double[] b, double[] c,
			Statistic stat, double absoluteFloor, VerdictPolicy policy, int seed) {
		double bs = b.length == 0 ? Double.NaN : stat.applyAsDouble(b);
		double cs = c.length == 0 ? Double.NaN : stat.applyAsDouble(c);
		double diff = cs - bs;
		double relative = bs == 0 || Double.isNaN(bs) ? Double.NaN : diff / Math.abs(bs);
		double threshold = Double.isNaN(bs) ? absoluteFloor : Math.max(policy.minRelativeEffect() * Math.abs(bs),
				absoluteFloor);
		if (b.length < policy.minSamples() || c.length < policy.minSamples()) {
			return new MetricVerdict(metric, statistic, unit, better, bs, cs, diff, Double.NaN, Double.NaN, relative,
					Bootstrap.cliffsDelta(b, c), threshold, b.length, c.length, Verdict.NOT_ENOUGH_DATA);
		}
		Interval ci = Bootstrap.differenceInterval(Bootstrap.spread(b, policy.maxSamples()),
				Bootstrap.spread(c, policy.maxSamples()), stat, policy.resamples(), policy.confidence(),
				policy.seed() + seed);
		Verdict verdict = Verdict.NO_CHANGE;
		boolean practical = Math.abs(diff) >= threshold && diff != 0;
		if (practical && diff > 0 && ci.low() > 0) {
			verdict = better == Better.LOWER ? Verdict.WORSE : Verdict.BETTER;
		} else if (practical && diff < 0 && ci.high() < 0) {
			verdict = better == Better.LOWER ? Verdict.BETTER : Verdict.WORSE;
		}
		return new MetricVerdict(metric, statistic, unit, better, bs, cs, diff, ci.low(), ci.high(), relative,
				Bootstrap.cliffsDelta(Bootstrap.spread(b, policy.maxSamples()), Bootstrap.spread(c, policy.maxSamples())),
				threshold, b.length, c.length, verdict);
	}
}
