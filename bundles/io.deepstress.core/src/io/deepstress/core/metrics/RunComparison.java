package io.deepstress.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.RunSummary;

/**
 * Runs side by side: one row per figure, one value per run, and each value's change against the first
 * run (the baseline) in percent. Values a run does not have (no successful request, not an open-loop
 * run) are NaN, and so is a change against a baseline of 0 or NaN.
 *
 * @param runs the compared runs, the baseline first
 * @param rows the figures
 */
public record RunComparison(List<RunSummary> runs, List<Row> rows) {

	/** Which way a figure is better, so a view can colour a change. */
	public enum Better {
		LOWER, HIGHER, NEITHER
	}

	/**
	 * One figure of every run.
	 *
	 * @param metric  the figure's name
	 * @param unit    its unit ("ms", "req/s", ...; empty for counts)
	 * @param better  which way is better
	 * @param values  one value per run, in the order of the runs
	 * @param changes change of each value against the first, in percent (the first is 0 or NaN)
	 */
	public record Row(String metric, String unit, Better better, List<Double> values, List<Double> changes) {

		public Row {
			values = List.copyOf(values);
			changes = List.copyOf(changes);
		}

		/** Index of the one best value, or -1 when no value is better than all others (ties, NaN, NEITHER). */
		public int best() {
			if (better == Better.NEITHER) {
				return -1;
			}
			int best = -1;
			boolean tie = false;
			for (int i = 0; i < values.size(); i++) {
				double v = values.get(i);
				if (Double.isNaN(v)) {
					continue;
				}
				if (best < 0 || (better == Better.LOWER ? v < values.get(best) : v > values.get(best))) {
					best = i;
					tie = false;
				} else if (v == values.get(best)) {
					tie = true;
				}
			}
			return tie ? -1 : best;
		}
	}

	public RunComparison {
		runs = List.copyOf(runs);
		rows = List.copyOf(rows);
	}

	/** Compares these runs; the first is the baseline. */
	public static RunComparison of(List<RunSummary> runs) {
		if (runs.isEmpty()) {
			throw new IllegalArgumentException("Nothing to compare");
		}
		List<Row> rows = new ArrayList<>();
		row(rows, runs, "requests", "", Better.NEITHER, r -> r.total());
		row(rows, runs, "succeeded", "", Better.HIGHER, r -> r.succeeded());
		row(rows, runs, "failed", "", Better.LOWER, r -> r.failed());
		row(rows, runs, "error rate", "%", Better.LOWER, r -> r.total() == 0 ? Double.NaN : 100.0 * r.failed() / r.total());
		row(rows, runs, "duration", "s", Better.NEITHER, RunSummary::durationSeconds);
		row(rows, runs, "throughput", "req/s", Better.HIGHER, RunSummary::requestsPerSecond);
		row(rows, runs, "output tokens", "tok/s", Better.HIGHER, RunSummary::outputTokensPerSecond);
		latency(rows, runs, "TTFT", RunSummary::ttft);
		latency(rows, runs, "E2E", RunSummary::e2e);
		latency(rows, runs, "ITL", RunSummary::itl);
		latency(rows, runs, "TPOT", RunSummary::tpot);
		row(rows, runs, "avg response time", "s", Better.LOWER, RunSummary::avgResponseSeconds);
		row(rows, runs, "avg generation speed", "tok/s", Better.HIGHER, RunSummary::avgGenerationSpeed);
		row(rows, runs, "avg TPS", "tok/s", Better.HIGHER, RunSummary::avgTps);
		return new RunComparison(runs, rows);
	}

	private static void latency(List<Row> rows, List<RunSummary> runs, String name,
			java.util.function.Function<RunSummary, LatencyStats> stats) {
		row(rows, runs, name + " mean", "ms", Better.LOWER, r -> stats.apply(r).mean());
		row(rows, runs, name + " p50", "ms", Better.LOWER, r -> stats.apply(r).p50());
		row(rows, runs, name + " p90", "ms", Better.LOWER, r -> stats.apply(r).p90());
		row(rows, runs, name + " p99", "ms", Better.LOWER, r -> stats.apply(r).p99());
	}

	private static void row(List<Row> rows, List<RunSummary> runs, String metric, String unit, Better better,
			ToDoubleFunction<RunSummary> value) {
		List<Double> values = new ArrayList<>();
		for (RunSummary r : runs) {
			values.add(value.applyAsDouble(r));
		}
		double base = values.get(0);
		List<Double> changes = new ArrayList<>();
		for (double v : values) {
			changes.add(base == 0 || Double.isNaN(base) || Double.isNaN(v) ? Double.NaN : 100.0 * (v - base) / base);
		}
		rows.add(new Row(metric, unit, better, values, changes));
	}

	/** The row of this figure. */
	public java.util.Optional<Row> row(String metric) {
		return rows.stream().filter(r -> r.metric().equals(metric)).findFirst();
	}
}
