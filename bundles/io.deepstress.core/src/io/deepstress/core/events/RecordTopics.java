package io.deepstress.core.events;

/** Topics of stored run records. */
public interface RecordTopics {

	/** Base of this area's topics. */
	String BASE = DeepStressTopics.ROOT + "/record";

	/** Every topic of this area. */
	String ALL = BASE + "/*";

	/** A run record was written, changed or deleted. */
	String CHANGED = BASE + "/changed";
}
