package io.deepstress.ui.records.internal;

import java.util.List;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Shell;

import io.deepstress.core.run.RunRecord;

/**
 * What the Runs list offers the commands that act on its selection (Delete..., Export...): the rows behind
 * the selected run ids ({@link io.deepstress.ui.parts.Selections#RECORD_RUNS}) and its message line. The
 * part puts itself into its context under this type; a handler that finds none is disabled.
 */
interface RunsList {

	/** What an action on runs ended with: said in the message line, as an error if it {@code failed}. */
	record Outcome(String text, boolean failed) {
	}

	/** The rows of these runs as the list shows them (status, name, start), in the list's order. */
	List<RunRecord> rows(List<String> runIds);

	/** The shell to open dialogs on. */
	Shell shell();

	/** Says {@code text} in the message line, in the error style if {@code error}. */
	void say(String text, boolean error);

	/** Whether an action started by {@link #run} has not ended yet (a deletion must not start meanwhile). */
	boolean busy();

	/**
	 * Says {@code progress}, runs {@code work} off the UI thread and says its outcome, or {@code failedPrefix}
	 * and the reason when it threw; the list's buttons follow the new state afterwards.
	 */
	void run(String progress, Supplier<Outcome> work, String failedPrefix);
}
