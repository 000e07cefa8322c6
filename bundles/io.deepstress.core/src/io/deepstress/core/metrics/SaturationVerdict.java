package io.deepstress.core.metrics;

import java.util.Locale;

/**
 * What the live saturation test concluded about a finished run, kept with the run: saturated (with the finding: when,
 * and the slope figures) or not, and whether the run was long enough for one window of the test at all.
 *
 * @param saturated     whether saturation was found
 * @param finding       the finding when saturated, else null
 * @param windowSeconds the test's window
 * @param confidence    the confidence level of its slope bounds
 * @param tested        whether the run lasted more than one window (a shorter run could not be found saturated)
 */
public record SaturationVerdict(boolean saturated, Saturation finding, int windowSeconds, double confidence,
		boolean tested) {

	public SaturationVerdict {
		if (saturated && finding == null) {
			throw new IllegalArgumentException("a saturated verdict needs its finding");
		}
	}

	public static SaturationVerdict found(Saturation finding, int windowSeconds, double confidence) {
		return new SaturationVerdict(true, finding, windowSeconds, confidence, true);
	}

	/** Not found in a run of {@code seconds}. */
	public static SaturationVerdict notFound(int windowSeconds, double confidence, double seconds) {
		return new SaturationVerdict(false, null, windowSeconds, confidence, seconds > windowSeconds + 1);
	}

	/** One line for a person. */
	public String describe() {
		if (saturated) {
			return finding.describe();
		}
		String test = String.format(Locale.ROOT, "%d-second windows, %.0f %% bounds", windowSeconds, confidence * 100);
		return tested ? "not saturated (" + test + ")"
				: "not tested: the run was shorter than one window (" + test + ")";
	}
}
