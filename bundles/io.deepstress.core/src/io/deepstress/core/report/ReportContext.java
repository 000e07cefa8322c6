package io.deepstress.core.report;

import java.util.List;

import io.deepstress.core.run.RunRecord;
import io.deepstress.core.services.RunStore;

/**
 * What a report is about.
 *
 * @param title   the report's title
 * @param runs    the runs, in start order (one for a run report)
 * @param batchId the batch of a batch report, or null for a run report
 * @param store   the records store, for samples and GPU samples
 */
public record ReportContext(String title, List<RunRecord> runs, String batchId, RunStore store) {

	public ReportContext {
		runs = List.copyOf(runs);
		if (runs.isEmpty()) {
			throw new IllegalArgumentException("A report needs at least one run");
		}
	}

	/** Whether this is the report of a batch. */
	public boolean isBatch() {
		return batchId != null;
	}
}
