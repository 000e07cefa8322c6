package io.deepstress.launch.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.deepstress.core.capacity.CapacityLevel;
import io.deepstress.core.capacity.CapacityRecord;
import io.deepstress.core.capacity.CapacityRequest;
import io.deepstress.core.capacity.CapacityStore;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.slo.SloFormat;
import io.deepstress.core.slo.SloResult;

/**
 * Where a resumed capacity search starts: the stored search of a batch, checked against the request (the same
 * search, not a finished one), with the runs of its finished levels read back from the records store.
 *
 * @param batchId       the batch it continues
 * @param runs          the runs it already has, by level
 * @param startedMillis when the stored search first started
 */
record Resumption(String batchId, Map<Double, List<CapacityLevel.Run>> runs, long startedMillis) {

	static Resumption of(String batchId, CapacityRequest request, String name, CapacityStore searches, RunStore runs) {
		if (searches == null || runs == null) {
			throw new IllegalArgumentException("The records store is not available: nothing to resume");
		}
		String id = batchId == null ? "" : batchId.strip();
		CapacityRecord stored = searches.find(id).orElseThrow(() -> new IllegalArgumentException(
				"No capacity search is stored under batch '" + id + "'"));
		if (stored.complete()) {
			throw new IllegalArgumentException("The capacity search of batch " + id + " is complete (" + stored.stop()
					+ "): nothing to resume");
		}
		String differs = stored.differsFrom(request);
		if (differs == null && stored.name() != null && !stored.name().equals(name)) {
			differs = "the stored search of batch " + id + " ran '" + stored.name() + "', this one '" + name + "'";
		}
		if (differs != null) {
			throw new IllegalArgumentException("Cannot resume: " + differs);
		}
		Map<Double, List<CapacityLevel.Run>> byLevel = new LinkedHashMap<>();
		for (CapacityRecord.Level level : stored.levels()) {
			List<CapacityLevel.Run> at = byLevel.computeIfAbsent(level.level(), l -> new ArrayList<>());
			for (String runId : level.runIds()) {
				if (at.stream().anyMatch(r -> r.summary().runId().equals(runId))) {
					continue;
				}
				RunSummary summary = runs.find(runId).orElseThrow(() -> new IllegalArgumentException(
						"Cannot resume: run " + runId + " of the stored search (level " + SloFormat.trim(level.level())
								+ ") is no longer in the records"));
				SloResult slo = runs.slo(runId).orElseThrow(() -> new IllegalArgumentException(
						"Cannot resume: run " + runId + " of the stored search has no SLO result"));
				at.add(new CapacityLevel.Run(summary, slo));
			}
		}
		return new Resumption(id, byLevel, stored.startedMillis());
	}
}
