package io.deepstress.core.services;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.deepstress.core.run.RunSummary;

/** A started sweep: one sub-run per level. */
public interface SweepHandle {

	/** Stops the current sub-run and skips the rest. */
	void cancel();

	/** The summaries of the sub-runs made, in level order. */
	CompletableFuture<List<RunSummary>> completion();
}
