package io.deepstress.core.capacity;

import java.util.concurrent.CompletableFuture;

/**
 * Runs capacity searches (an OSGi service of the launch bundle, beside the {@code LaunchService} that runs every
 * other launch): coarse bracketing by doubling from the lowest level, then bisection of the pass/fail bracket,
 * every level a run (repeated where the verdict is close) of one batch.
 */
public interface CapacitySearch {

	/**
	 * Resolves the plan and starts the search; returns once it has started. Reads the stores: not on the UI thread.
	 *
	 * @throws IllegalArgumentException when the plan cannot run, saying why
	 */
	Handle search(CapacityRequest request);

	/**
	 * Continues the search stored under {@code batchId} ({@link CapacityStore}) from its finished levels: they are
	 * judged again from their stored runs, not run again, and the search goes on where it stopped, under the same
	 * batch. Reads the stores: not on the UI thread.
	 *
	 * @param request the same search as the stored one (SLO, by, range, level duration, repeats, confidence)
	 * @throws IllegalArgumentException when there is no such search, it differs from {@code request}, or one of its
	 *                                  runs is gone, saying which
	 */
	default Handle resume(CapacityRequest request, String batchId) {
		throw new UnsupportedOperationException("this capacity search cannot resume");
	}

	/** A search in progress. */
	interface Handle {

		/** The batch its runs are recorded under. */
		String batchId();

		/** Stops the run in progress and the search; the result keeps every finished level. */
		void cancel();

		CompletableFuture<CapacityResult> completion();
	}
}
