package io.deepstress.core.events;

/** Topics of GPU telemetry. */
public interface GpuTopics {

	/** Base of this area's topics. */
	String BASE = DeepStressTopics.ROOT + "/gpu";

	/** Every topic of this area. */
	String ALL = BASE + "/*";

	/** A batch of GPU samples taken at one instant. */
	String SAMPLE = BASE + "/sample";

	/** A saved GPU host was added, changed or removed; payload: the host id. */
	String HOSTS = BASE + "/hosts";

	/** A GPU source changed state (ok, unavailable, reconnecting, failed). */
	String SOURCE = BASE + "/source";
}
