package io.deepstress.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

import io.deepstress.core.run.DatasetStats;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.TurnStats;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.TokenSource;

/**
 * Aggregates request results into run statistics in bounded memory: latency distributions in
 * HdrHistograms (microsecond resolution, 3 significant digits, up to one hour), counters for the rest.
 * Thread-safe. Only final, non-warm-up attempts count; every attempt counts in {@link #attempts()}.
 */
final class RunStatistics {

	private static final long HIGHEST_MICROS = 3_600_000_000L;

	private final Histogram ttft = histogram();
	private final Histogram e2e = histogram();
	private final Histogram itl = histogram();
	private final Histogram tpot = histogram();
	private final Histogram firstTurnTtft = histogram();
	private final Histogram laterTurnTtft = histogram();
	private final Map<String, DatasetAccumulator> datasets = new LinkedHashMap<>();
	private final Map<String, Long> errors = new TreeMap<>();
	private long total;
	private long succeeded;
	private long failed;
	private long attempts;
	private long outputTokens;
	private long inputTokens;
	private long chars;
	private long estimated;

	/** Declares the run's datasets with their weights, in display order. */
	public synchronized void declareDataset(String name, double weight) {
		datasets.computeIfAbsent(name, n -> new DatasetAccumulator(n, weight));
	}

	private static Histogram histogram() {
		return new Histogram(HIGHEST_MICROS, 3);
	}

	/**
	 * Adds one attempt.
	 *
	 * @param result the attempt
	 * @param itlNanos the gaps between its content chunks (may be null); recorded when it counts
	 */
	public synchronized void add(RequestResult result, long[] itlNanos) {
		attempts++;
		if (!result.last() || result.warmup()) {
			return;
		}
		total++;
		DatasetAccumulator ds = datasets.computeIfAbsent(result.dataset(), n -> new DatasetAccumulator(n, 1));
		ds.total++;
		if (!result.succeeded()) {
			failed++;
			ds.failed++;
			errors.merge(result.errorKey(), 1L, Long::sum);
			return;
		}
		succeeded++;
		outputTokens += result.outputTokens();
		if (result.inputTokens() > 0) {
			inputTokens += result.inputTokens();
		}
		chars += result.chars();
		if (result.tokenSource() == TokenSource.ESTIMATED) {
			estimated++;
		}
		record(e2e, result.e2eNanos());
		record(ttft, result.ttftNanos());
		if (result.conversationId() != null) {
			record(result.turn() == 0 ? firstTurnTtft : laterTurnTtft, result.ttftNanos());
		}
		record(tpot, result.tpotNanos());
		if (itlNanos != null) {
			for (long gap : itlNanos) {
				record(itl, gap);
			}
		}
		ds.succeeded++;
		ds.outputTokens += result.outputTokens();
		ds.chars += result.chars();
		ds.timeNanos += result.e2eNanos();
	}

	private static void record(Histogram h, long nanos) {
		if (nanos >= 0) {
			h.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, Math.round(nanos / 1000.0))));
		}
	}

	public synchronized long total() {
		return total;
	}

	public synchronized long succeeded() {
		return succeeded;
	}

	public synchronized long failed() {
		return failed;
	}

	public synchronized long attempts() {
		return attempts;
	}

	public synchronized long outputTokens() {
		return outputTokens;
	}

	public synchronized long inputTokens() {
		return inputTokens;
	}

	public synchronized long chars() {
		return chars;
	}

	public synchronized long estimatedTokenRequests() {
		return estimated;
	}

	public synchronized Map<String, Long> errors() {
		return new TreeMap<>(errors);
	}

	/** Copies of the TTFT, E2E, ITL and TPOT histograms (the figures' source). */
	public synchronized io.deepstress.core.batch.RunHistograms histograms() {
		return new io.deepstress.core.batch.RunHistograms(ttft, e2e, itl, tpot);
	}

	public synchronized LatencyStats ttft() {
		return stats(ttft);
	}

	/** TTFT of conversations' first and later turns. */
	public synchronized TurnStats turns() {
		if (firstTurnTtft.getTotalCount() + laterTurnTtft.getTotalCount() == 0) {
			return TurnStats.NONE;
		}
		return new TurnStats(stats(firstTurnTtft), stats(laterTurnTtft));
	}

	public synchronized LatencyStats e2e() {
		return stats(e2e);
	}

	public synchronized LatencyStats itl() {
		return stats(itl);
	}

	public synchronized LatencyStats tpot() {
		return stats(tpot);
	}

	/** A percentile (0..100) of TTFT or E2E in milliseconds, cheaper than full stats; NaN when empty. */
	public synchronized double percentileMs(boolean ttftNotE2e, double percentile) {
		Histogram h = ttftNotE2e ? ttft : e2e;
		return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
	}

	private static LatencyStats stats(Histogram h) {
		return io.deepstress.core.batch.RunHistograms.stats(h); // the one conversion of a histogram of µs into figures
	}

	/** Per-dataset figures with the original tool's definitions. */
	public synchronized List<DatasetStats> datasets() {
		List<DatasetStats> out = new ArrayList<>();
		for (DatasetAccumulator d : datasets.values()) {
			double seconds = d.timeNanos / 1e9;
			out.add(new DatasetStats(d.name, d.weight, d.total, d.succeeded, d.failed, d.outputTokens, d.chars, seconds,
					d.succeeded > 0 ? seconds / d.succeeded : Double.NaN, seconds > 0 ? d.chars / seconds : Double.NaN,
					seconds > 0 ? d.outputTokens / seconds : Double.NaN));
		}
		return out;
	}

	/**
	 * The original tool's run averages: unweighted means over the datasets that had a success of their
	 * average response time (s), generation speed (chars/s) and TPS; NaN when no dataset had a success.
	 */
	public static double[] originalAverages(List<DatasetStats> datasets) {
		double response = 0, speed = 0, tps = 0;
		int n = 0;
		for (DatasetStats d : datasets) {
			if (d.succeeded() > 0) {
				response += d.avgResponseSeconds();
				speed += Double.isNaN(d.avgGenerationSpeed()) ? 0 : d.avgGenerationSpeed();
				tps += Double.isNaN(d.avgTps()) ? 0 : d.avgTps();
				n++;
			}
		}
		return n == 0 ? new double[] { Double.NaN, Double.NaN, Double.NaN }
				: new double[] { response / n, speed / n, tps / n };
	}

	private static final class DatasetAccumulator {
		final String name;
		final double weight;
		long total;
		long succeeded;
		long failed;
		long outputTokens;
		long chars;
		long timeNanos;

		DatasetAccumulator(String name, double weight) {
			this.name = name;
			this.weight = weight;
		}
	}
}
