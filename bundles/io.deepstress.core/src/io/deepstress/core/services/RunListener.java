package io.deepstress.core.services;

import java.util.List;

import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunSummary;

/**
 * Receives a run's progress. Called from engine threads, never the UI thread; implementations must be
 * quick and must not block.
 */
public interface RunListener {

	/** A listener that ignores everything. */
	RunListener NONE = new RunListener() {
	};

	/** A live snapshot; at most about ten per second. */
	default void onSnapshot(LiveSnapshot snapshot) {
	}

	/** A batch of attempts, in completion order; never one call per request under load. */
	default void onResults(List<RequestResult> batch) {
	}

	/** A listener that passes every call to each of {@code listeners}, in order. */
	static RunListener all(RunListener... listeners) {
		List<RunListener> list = List.of(listeners);
		return new RunListener() {
			@Override
			public void onSnapshot(LiveSnapshot snapshot) {
				list.forEach(l -> l.onSnapshot(snapshot));
			}

			@Override
			public void onResults(List<RequestResult> batch) {
				list.forEach(l -> l.onResults(batch));
			}

			@Override
			public void onFinished(RunSummary summary) {
				list.forEach(l -> l.onFinished(summary));
			}
		};
	}

	/** The run ended; called once, after the last {@link #onResults}. */
	default void onFinished(RunSummary summary) {
	}
}
