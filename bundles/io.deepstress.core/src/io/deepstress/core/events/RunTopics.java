package io.deepstress.core.events;

/** Topics of test runs (load engine). */
public interface RunTopics {

	/** Base of this area's topics. */
	String BASE = DeepStressTopics.ROOT + "/run";

	/** Every topic of this area. */
	String ALL = BASE + "/*";

	/** A run started; payload: the run's initial snapshot. */
	String STARTED = BASE + "/started";

	/** Live snapshot of a running test, at most about ten per second per run. */
	String PROGRESS = BASE + "/progress";

	/** A batch of per-request results of a run (never one event per request). */
	String RESULTS = BASE + "/results";

	/**
	 * The last seconds of a running test's client timeline, about once a second; payload: a
	 * {@link io.deepstress.core.timeline.LiveTimeline} (a second's figures may still change in the next ones).
	 */
	String TIMELINE = BASE + "/timeline";

	/** A run ended normally or was cancelled; payload: its summary. */
	String FINISHED = BASE + "/finished";

	/**
	 * A running test was found saturated (in flight and latency grow, throughput does not); payload: the
	 * {@link io.deepstress.core.metrics.Saturation}. At most once per run.
	 */
	String SATURATED = BASE + "/saturated";

	/**
	 * The client itself limits a running test, or keeps up again (the fidelity watchdog); payload: a
	 * {@link io.deepstress.core.run.ClientHealthEvent}. Since 0.3.
	 */
	String CLIENT_HEALTH = BASE + "/clienthealth";

	/** A run ended with an error; payload: its summary with the error message. */
	String FAILED = BASE + "/failed";
}
