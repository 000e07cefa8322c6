package io.deepstress.core.events;

/** Topics of saved test configurations. */
public interface ConfigTopics {

	/** Base of this area's topics. */
	String BASE = DeepStressTopics.ROOT + "/config";

	/** Every topic of this area. */
	String ALL = BASE + "/*";

	/** A test configuration was added, changed or removed. */
	String CHANGED = BASE + "/changed";
}
