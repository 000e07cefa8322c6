package io.deepstress.gpu.tests;

import java.util.List;
import java.util.Map;

import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;

/** Run payloads as the load engine posts them. */
final class TestRuns {

	private TestRuns() {
	}

	static LiveSnapshot snapshot(String runId) {
		return new LiveSnapshot(runId, "run " + runId, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN);
	}

	static RunSummary summary(String runId) {
		return new RunSummary(runId, "run " + runId, "model", "closed loop", 1, RunStatus.COMPLETED, null, 0, 0, 0,
				0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, Map.of(), List.of(), 0, 0, 0);
	}
}
