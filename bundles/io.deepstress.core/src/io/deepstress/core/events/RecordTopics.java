package io.deepstress.core.events;

/** Topics of stored run records. */
public interface RecordTopics {

	/** Base of this area's topics. */
	String BASE = DeepStressTopics.ROOT + "/record";

	/** Every topic of this area. */
	String ALL = BASE + "/*";

	/** A run record was written, changed or deleted. */
	String CHANGED = BASE + "/changed";

	/** The runs selected in the records list changed; payload: the run ids (an immutable list, maybe empty). */
	String SELECTED = BASE + "/selected";

	/** A write to the records store failed (the run goes on; the data is retried); payload: a message. */
	String FAILED = BASE + "/failed";
}
