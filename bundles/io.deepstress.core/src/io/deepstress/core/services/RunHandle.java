package io.deepstress.core.services;

import java.util.concurrent.CompletableFuture;

import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;

/** A started run. */
public interface RunHandle {

	String runId();

	RunConfig config();

	/** The run now. */
	LiveSnapshot snapshot();

	/**
	 * Stops the run: no new requests, in-flight ones are aborted (recorded as cancelled) within a second;
	 * the completion still yields a summary, with status CANCELLED.
	 */
	void cancel();

	/** Completes with the summary when the run has ended (normally, cancelled, or with an error). */
	CompletableFuture<RunSummary> completion();

	/**
	 * The latency histograms the run's figures come from (a copy, taken now: complete once the run has ended), or
	 * empty when the engine keeps none. Since 0.3.
	 */
	default java.util.Optional<io.deepstress.core.batch.RunHistograms> histograms() {
		return java.util.Optional.empty();
	}
}
