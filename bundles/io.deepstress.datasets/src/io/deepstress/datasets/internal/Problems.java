package io.deepstress.datasets.internal;

import java.util.ArrayList;
import java.util.List;

import io.deepstress.core.datasets.ImportProblem;
import io.deepstress.core.datasets.ImportReport;

/** The records an import leaves out: the first ones in full, the rest counted. */
final class Problems {

	private final List<ImportProblem> kept = new ArrayList<>();
	private long count;

	void add(long line, String reason) {
		count++;
		if (kept.size() < ImportReport.KEPT_PROBLEMS) {
			kept.add(new ImportProblem(line, reason));
		}
	}

	long count() {
		return count;
	}

	List<ImportProblem> kept() {
		return kept;
	}
}
