package io.deepstress.core.launch;

import java.util.List;

/**
 * Runs launches for every client (the workbench, the command line): one or more run plans → runs one after
 * another, one batch, recorded, GPU hosts watched and their samples kept with the runs they belong to,
 * cancellable. Posts {@link io.deepstress.core.events.LaunchTopics}. An OSGi service.
 */
public interface LaunchService {

	/**
	 * Resolves the plans (saved configurations, endpoints, API keys, datasets, levels) and starts the launch; returns
	 * once it has started. Resolving reads the stores, so do not call it on the UI thread.
	 *
	 * @throws IllegalArgumentException when a plan cannot run (a missing configuration or dataset, a bad level, ...),
	 *                                  saying why; nothing has started then
	 * @throws IllegalStateException    when a service it needs is missing (the built-in simulator, ...)
	 */
	LaunchHandle launch(LaunchRequest request);

	/** The launches in progress, oldest first. */
	List<LaunchHandle> active();
}
