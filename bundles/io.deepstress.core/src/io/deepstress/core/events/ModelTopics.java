package io.deepstress.core.events;

/** Topics of model endpoints. */
public interface ModelTopics {

	/** Base of this area's topics. */
	String BASE = DeepStressTopics.ROOT + "/model";

	/** Every topic of this area. */
	String ALL = BASE + "/*";

	/** An endpoint was added, changed or removed; payload: the {@link io.deepstress.core.model.Endpoint}. */
	String CHANGED = BASE + "/changed";
}
