package io.deepstress.core.services;

import io.deepstress.core.run.RunConfig;

/**
 * Runs load tests against OpenAI-compatible endpoints, one run at a time per call. An OSGi service; every run
 * also posts its lifecycle on {@link io.deepstress.core.events.RunTopics}. Batches, sweeps and recording are
 * launches: see {@link io.deepstress.core.launch.LaunchService}.
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
	 * Checks that the configuration can run, as {@link #start} would, without starting anything.
	 *
	 * @throws IllegalArgumentException saying why it cannot (e.g. a malformed URL)
	 */
	void check(RunConfig config);
}
