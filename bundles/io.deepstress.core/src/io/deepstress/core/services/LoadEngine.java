package io.deepstress.core.services;

import java.util.List;

import io.deepstress.core.run.RunConfig;

/**
 * Runs load tests against OpenAI-compatible endpoints. An OSGi service; every run also posts its
 * lifecycle on {@link io.deepstress.core.events.RunTopics}.
 */
public interface LoadEngine {

	/**
	 * Starts a run and returns at once.
	 *
	 * @param config   what to run; the target's base URL must be a real URL
	 * @param listener told about snapshots, result batches and the end; may be {@link RunListener#NONE}
	 * @throws IllegalArgumentException when the configuration cannot run (e.g. a malformed URL)
	 */
	RunHandle start(RunConfig config, RunListener listener);

	/**
	 * Runs the configuration once per level (concurrency in closed loop, rate in open loop), one after
	 * another; returns at once.
	 */
	SweepHandle sweep(RunConfig config, List<Double> levels, RunListener listener);

	/** Runs in progress. */
	List<RunHandle> active();
}
