package io.deepstress.ui.parts;

/**
 * Names of application-context variables through which views share what the user selected. A view that
 * is created later (a tab not shown yet) still finds the current value; the change is also posted on the
 * event bus (see the topic named with each key).
 */
public final class Selections {

	/**
	 * The ids of the runs selected in the Records list ({@code List<String>}, never null once set);
	 * posted on {@link io.deepstress.core.events.RecordTopics#SELECTED} too.
	 */
	public static final String RECORD_RUNS = "io.deepstress.selection.records.runs";

	/** The id of the endpoint selected in the Endpoints view ({@code String}, null for none). */
	public static final String MODEL_ENDPOINT = "io.deepstress.selection.models.endpoint";

	private Selections() {
	}
}
