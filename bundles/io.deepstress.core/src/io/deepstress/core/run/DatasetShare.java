package io.deepstress.core.run;

import java.util.Objects;

import io.deepstress.core.model.Dataset;

/**
 * A dataset selected for a run with its weight: in closed loop the weights split the concurrency
 * between datasets, in open loop they split the arrivals.
 */
public record DatasetShare(Dataset dataset, double weight) {
	public DatasetShare {
		Objects.requireNonNull(dataset, "dataset");
		if (!(weight > 0) || Double.isInfinite(weight)) {
			throw new IllegalArgumentException("The weight of dataset '" + dataset.name() + "' must be > 0");
		}
	}
}
