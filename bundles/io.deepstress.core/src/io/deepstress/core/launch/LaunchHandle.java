package io.deepstress.core.launch;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunHandle;

/** A started launch. It runs on in the service whatever happens to the view or command that started it. */
public interface LaunchHandle {

	String launchId();

	/** The batch its runs are recorded under, or null when it is a single run. */
	String batchId();

	/** The runs the launch will make, in order. */
	int runCount();

	/** The run now, if one is running. */
	Optional<RunHandle> current();

	/** The step now (before the first run starts: the first one). */
	LaunchStep step();

	/** The summaries of the runs ended so far, in order. */
	List<RunSummary> summaries();

	/**
	 * What this launch will be without although its plans ask for it, one sentence each: not recorded (no records
	 * store, or it cannot be used), no GPU telemetry (no GPU monitor). Empty when nothing is missing.
	 */
	List<String> problems();

	/** Whether its runs are kept in the records store. */
	boolean recorded();

	/**
	 * Stops the launch: the run now is cancelled (recorded as cancelled with what it measured), the rest do not
	 * start. The completion follows once the final writes are done. Safe at any moment, any number of times.
	 */
	void cancel();

	/** Completes (never exceptionally) when the launch has ended and its runs' final figures are written. */
	CompletableFuture<LaunchResult> completion();

	/**
	 * The client timeline and server series of one of this launch's runs, once it has ended (see
	 * {@link io.deepstress.core.timeline.RunTimeline}); empty for a run not of this launch or still running.
	 */
	default java.util.Optional<io.deepstress.core.timeline.RunTimeline> timeline(String runId) {
		return java.util.Optional.empty();
	}
}
