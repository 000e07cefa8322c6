package io.deepstress.core.launch;

import java.util.List;
import java.util.Map;

import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.slo.SloResult;

/**
 * How a launch ended.
 *
 * @param launchId  the launch
 * @param batchId   the batch its runs were recorded under, or null for a single run
 * @param summaries the runs that ran, in order (a cancelled one included)
 * @param failure   why the launch stopped before its end (a run could not start, ...), or null
 * @param unsaved   what kept runs from being completely saved (one message per run), empty when all were
 * @param recorded  whether the runs were recorded at all
 * @param cancelled whether the launch was stopped (Stop, Ctrl+C, a closing window) before its end
 * @param baseUrls  the base URL each run's requests went to, by run id (the built-in simulator's real address)
 * @param slo       how each run of a plan with an SLO did against it, by run id
 */
public record LaunchResult(String launchId, String batchId, List<RunSummary> summaries, String failure,
		List<String> unsaved, boolean recorded, boolean cancelled, Map<String, String> baseUrls,
		Map<String, SloResult> slo) {

	public LaunchResult {
		summaries = List.copyOf(summaries);
		unsaved = List.copyOf(unsaved);
		baseUrls = Map.copyOf(baseUrls);
		slo = slo == null ? Map.of() : Map.copyOf(slo);
	}

	/** A result without SLO results. */
	public LaunchResult(String launchId, String batchId, List<RunSummary> summaries, String failure,
			List<String> unsaved, boolean recorded, boolean cancelled, Map<String, String> baseUrls) {
		this(launchId, batchId, summaries, failure, unsaved, recorded, cancelled, baseUrls, Map.of());
	}

	/** Whether the launch did not run to its end: cancelled, a run cancelled, or failed. */
	public boolean stopped() {
		return cancelled || failure != null || summaries.stream().anyMatch(s -> s.status() == RunStatus.CANCELLED);
	}
}
