package io.deepstress.core.datasets;

import java.util.List;

/**
 * The outcome of reading a prompt file.
 *
 * @param prompts      prompts read (handed to the sink)
 * @param problemCount records left out
 * @param problems     the first of them (at most {@link #KEPT_PROBLEMS}), in file order
 * @param lines        lines read
 */
public record ImportReport(long prompts, long problemCount, List<ImportProblem> problems, long lines) {

	/** How many problems a report keeps in full; the rest are only counted. */
	public static final int KEPT_PROBLEMS = 100;

	public ImportReport {
		problems = List.copyOf(problems);
	}
}
