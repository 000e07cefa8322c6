package io.deepstress.core.capacity;

import java.time.Duration;
import java.util.Objects;

import io.deepstress.core.launch.LaunchListener;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.slo.Slo;

/**
 * What a capacity search is asked: the largest load level (concurrency, or rate) at which {@code slo} holds for
 * {@code plan}'s traffic, between {@code min} and {@code max}.
 *
 * @param plan          what to run (its levels are ignored: the search chooses them), recorded or not, GPU hosts
 * @param slo           the SLO every level is judged by
 * @param by            concurrency (closed loop) or rate (open loop)
 * @param min           the lowest level, where the search starts
 * @param max           the highest level it may try
 * @param levelDuration how long each run of a level lasts, warm-up excluded from its statistics
 * @param repeats       at most this many runs at a level whose verdict is close (1: never repeat)
 * @param confidence    confidence level of the intervals (0.95)
 * @param resolution    the refinement stops when the pass/fail bracket is this narrow (a whole number for
 *                      concurrency); 0 for the default (1 user; 5 % of {@code min} req/s, at least 0.1)
 * @param maxErrorRate  a level with a larger share of failed requests fails and nothing above it is tried
 * @param listener      hears every run (progress) and each level's end, never on the UI thread
 */
public record CapacityRequest(RunPlan plan, Slo slo, By by, double min, double max, Duration levelDuration,
		int repeats, double confidence, double resolution, double maxErrorRate, CapacityListener listener) {

	/** The load level a search varies. */
	public enum By {
		CONCURRENCY, RATE
	}

	public CapacityRequest {
		Objects.requireNonNull(plan, "plan");
		Objects.requireNonNull(slo, "an SLO");
		Objects.requireNonNull(by, "by");
		Objects.requireNonNull(levelDuration, "levelDuration");
		if (!(min > 0) || Double.isInfinite(min)) {
			throw new IllegalArgumentException("The lowest level must be > 0");
		}
		if (!(max >= min) || Double.isInfinite(max)) {
			throw new IllegalArgumentException("The range is empty: the highest level (" + fmt(max)
					+ ") is below the lowest (" + fmt(min) + ")");
		}
		if (by == By.CONCURRENCY && (min != Math.rint(min) || max != Math.rint(max) || max > 4096)) {
			throw new IllegalArgumentException("Concurrency levels are whole numbers from 1 to 4096");
		}
		if (levelDuration.isNegative() || levelDuration.isZero()) {
			throw new IllegalArgumentException("The level duration must be positive");
		}
		if (repeats < 1 || repeats > 20) {
			throw new IllegalArgumentException("Repeats must be between 1 and 20");
		}
		if (!(confidence > 0 && confidence < 1)) {
			throw new IllegalArgumentException("The confidence must be between 0 and 1 (e.g. 0.95)");
		}
		if (!(resolution >= 0) || Double.isInfinite(resolution)) {
			throw new IllegalArgumentException("The resolution must be a positive number (or 0: the default)");
		}
		if (resolution == 0) {
			resolution = by == By.CONCURRENCY ? 1 : Math.max(0.1, min * 0.05);
		} else if (by == By.CONCURRENCY) {
			resolution = Math.max(1, Math.rint(resolution));
		}
		if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
			throw new IllegalArgumentException("The error-rate limit must be between 0 and 1");
		}
		listener = listener == null ? CapacityListener.NONE : listener;
	}

	/** Defaults: 1 to 256 users, 10 s levels, up to 3 runs at a close level, 95 %, errors up to 10 %. */
	public static CapacityRequest of(RunPlan plan, Slo slo) {
		return new CapacityRequest(plan, slo, By.CONCURRENCY, 1, 256, Duration.ofSeconds(10), 3, 0.95, 0, 0.1, null);
	}

	public CapacityRequest listenedBy(CapacityListener l) {
		return new CapacityRequest(plan, slo, by, min, max, levelDuration, repeats, confidence, resolution,
				maxErrorRate, l);
	}

	static String fmt(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}
}
