package io.deepstress.core.launch;

import io.deepstress.core.services.RunListener;

/**
 * Hears a launch: each run's snapshots, results and end ({@link RunListener}) and each step before its run
 * starts. Called from launch and engine threads, never the UI thread; must be quick and must not block.
 */
public interface LaunchListener extends RunListener {

	/** A listener that ignores everything. */
	LaunchListener NONE = new LaunchListener() {
	};

	/** The next run is about to start. */
	default void onStep(LaunchStep step) {
	}

	/** The running test was found saturated (at most once per run); see {@link io.deepstress.core.metrics.SaturationDetector}. */
	default void onSaturation(io.deepstress.core.metrics.Saturation saturation) {
	}

	/** The launch ended; called once, after the last run's {@link #onFinished} and the final writes. */
	default void onEnd(LaunchResult result) {
	}
}
