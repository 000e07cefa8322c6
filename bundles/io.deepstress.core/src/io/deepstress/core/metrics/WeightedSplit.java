package io.deepstress.core.metrics;

import java.util.List;

/** How dataset weights share out worker slots or arrivals. */
public final class WeightedSplit {

	private WeightedSplit() {
	}

	/**
	 * The original tool's split of {@code concurrency} worker slots: dataset i gets
	 * {@code max(1, floor(weight_i / sum(weights) * concurrency))} slots. (So the total can differ from
	 * {@code concurrency}: every dataset gets at least one slot, and flooring can leave slots unused.)
	 */
	public static int[] slots(List<Double> weights, int concurrency) {
		double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
		int[] slots = new int[weights.size()];
		for (int i = 0; i < slots.length; i++) {
			slots[i] = Math.max(1, (int) Math.floor(weights.get(i) / sum * concurrency));
		}
		return slots;
	}

	/**
	 * Smooth weighted round robin over the datasets for open-loop arrivals: deterministic, and over any
	 * window each dataset's share of arrivals is within one of its weight share.
	 */
	public static final class RoundRobin {
		private final double[] weights;
		private final double[] current;
		private final double total;

		public RoundRobin(List<Double> weights) {
			this.weights = weights.stream().mapToDouble(Double::doubleValue).toArray();
			this.current = new double[this.weights.length];
			this.total = weights.stream().mapToDouble(Double::doubleValue).sum();
		}

		/** Index of the dataset of the next arrival. */
		public synchronized int next() {
			int best = 0;
			for (int i = 0; i < weights.length; i++) {
				current[i] += weights[i];
				if (current[i] > current[best]) {
					best = i;
				}
			}
			current[best] -= total;
			return best;
		}
	}
}
