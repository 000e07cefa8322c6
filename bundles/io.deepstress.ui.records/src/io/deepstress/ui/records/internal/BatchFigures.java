package io.deepstress.ui.records.internal;

import java.util.Locale;

import io.deepstress.core.batch.BatchMerge;
import io.deepstress.core.batch.MergedBatch;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.services.RunStore;

/**
 * The merged figures of the batch the Runs list is narrowed to (its agents' or levels' runs taken together): counts
 * summed, percentiles of the added histograms, throughput over the common window. The same merge as {@code deepstress
 * runs merge} ({@link BatchMerge}); read off the UI thread with the list's page.
 */
final class BatchFigures {

	private BatchFigures() {
	}

	/** The merged figures of {@code batch} as the batch bar shows them, or why there are none; never throws. */
	static String read(RunStore store, String batch) {
		try {
			return text(BatchMerge.merge(store, batch));
		} catch (RuntimeException e) {
			return "Merged figures: " + (e.getMessage() != null ? e.getMessage() : e.toString());
		}
	}

	static String text(MergedBatch m) {
		StringBuilder b = new StringBuilder();
		long shards = m.agents().stream().filter(a -> a.shard() != null).count();
		b.append("Merged ").append(m.agents().size()).append(m.agents().size() == 1 ? " run" : " runs");
		if (shards > 0) {
			b.append(" (").append(shards).append(shards == 1 ? " agent" : " agents").append(')');
		}
		b.append(": ").append(m.total()).append(" requests, ").append(m.failed()).append(" failed · ")
				.append(num(m.requestsPerSecond(), 2)).append(" req/s, ").append(num(m.outputTokensPerSecond(), 1))
				.append(" tok/s over ").append(num(m.windowSeconds(), 1)).append(" s in common\n");
		b.append(latency("TTFT", m.ttft())).append(" · ").append(latency("E2E", m.e2e())).append(" · ")
				.append(latency("ITL", m.itl())).append(" · ").append(latency("TPOT", m.tpot()));
		for (String p : m.problems()) {
			b.append("\nNote: ").append(p);
		}
		return b.toString();
	}

	private static String latency(String name, LatencyStats l) {
		return name + " p50 " + num(l.p50(), 1) + " / p99 " + num(l.p99(), 1) + " ms";
	}

	/** A figure, or a dash when undefined (never "NaN"). */
	private static String num(double v, int decimals) {
		return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "–";
	}
}
