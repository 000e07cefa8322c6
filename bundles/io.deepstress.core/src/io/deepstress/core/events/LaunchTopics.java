package io.deepstress.core.events;

/** Topics of launches (one or more runs started together: a batch, a sweep). */
public interface LaunchTopics {

	/** Base of this area's topics. */
	String BASE = DeepStressTopics.ROOT + "/launch";

	/** Every topic of this area. */
	String ALL = BASE + "/*";

	/** A launch started; payload: its first {@link io.deepstress.core.launch.LaunchStep}. */
	String STARTED = BASE + "/started";

	/** A launch's next run is about to start; payload: the {@link io.deepstress.core.launch.LaunchStep}. */
	String STEP = BASE + "/step";

	/** A launch ended and its runs are written; payload: the {@link io.deepstress.core.launch.LaunchResult}. */
	String FINISHED = BASE + "/finished";
}
