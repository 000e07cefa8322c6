package io.deepstress.core.verdict;

import java.util.List;
import java.util.Optional;

import io.deepstress.core.run.RunRecord;

/**
 * The baselines new runs are judged against: at most one run per scope, kept with the records (an OSGi service). A
 * run's scope is its saved configuration's name, or, for a run of no saved configuration, the run's name; scopes
 * match ignoring case. A baseline whose run was deleted counts as none.
 */
public interface BaselineStore {

	/**
	 * The baseline of a scope.
	 *
	 * @param scope           the configuration (or run) name, as the user wrote it when marking
	 * @param runId           the baseline run
	 * @param markedEpochMillis when it was marked
	 */
	record Baseline(String scope, String runId, long markedEpochMillis) {
	}

	/** The scope a run's baseline is kept under. */
	static String scopeOf(RunRecord run) {
		String config = run.origin().configurationName();
		return config != null && !config.isBlank() ? config : run.summary().name();
	}

	/**
	 * Makes the run the baseline of its scope, replacing the one before.
	 *
	 * @throws IllegalArgumentException when there is no such run
	 * @throws IllegalStateException    when the records store cannot be written
	 */
	Baseline mark(String runId);

	/** The baseline of this scope. */
	Optional<Baseline> baseline(String scope);

	/**
	 * The baseline of the run's scope (which may be the run itself).
	 *
	 * @throws IllegalArgumentException when there is no such run
	 */
	Optional<Baseline> baselineFor(String runId);

	/** Removes the baseline of this scope; returns whether there was one. */
	boolean clear(String scope);

	/** Every baseline, by scope. */
	List<Baseline> list();
}
