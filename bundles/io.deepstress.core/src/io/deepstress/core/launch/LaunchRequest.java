package io.deepstress.core.launch;

import java.util.List;
import java.util.Objects;

/**
 * What a client asks the {@link LaunchService} to run: plans run one after another (each one run, or one per
 * level of its sweep); a launch of more than one run is one batch.
 *
 * @param plans    at least one
 * @param listener hears every run's snapshots, results and end, and each step; never on the UI thread
 */
public record LaunchRequest(List<RunPlan> plans, LaunchListener listener) {

	public LaunchRequest {
		plans = List.copyOf(Objects.requireNonNull(plans, "plans"));
		if (plans.isEmpty()) {
			throw new IllegalArgumentException("A launch needs at least one plan");
		}
		listener = listener == null ? LaunchListener.NONE : listener;
	}

	/** These plans, nobody listening but the bus. */
	public static LaunchRequest of(RunPlan... plans) {
		return new LaunchRequest(List.of(plans), LaunchListener.NONE);
	}

	/** The same plans told to {@code newListener}. */
	public LaunchRequest listenedBy(LaunchListener newListener) {
		return new LaunchRequest(plans, newListener);
	}
}
