package io.deepstress.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A serving engine's capacity, so that load tests have a ground truth: at most {@code slots} sequences decode at
 * once and the rest wait in a FIFO queue (their TTFT includes the wait); once admitted a request's first token
 * comes after the simulator's TTFT plus {@code prefillPerToken} for each prompt token; each gap between tokens is
 * the simulator's ITL times {@code 1 + itlGrowth * (running - 1)}, with {@code running} the sequences decoding
 * when the gap starts. {@link #UNLIMITED} (no slots) is the simulator without a capacity model.
 *
 * @param slots           sequences decoding at once, 0 for no limit
 * @param prefillPerToken time per prompt token before the first token
 * @param itlGrowth       how much each further running sequence lengthens the ITL (0: not at all, 0.1: +10 %)
 */
public record CapacityModel(int slots, Duration prefillPerToken, double itlGrowth) {

	/** No capacity limit, no prefill time, constant ITL. */
	public static final CapacityModel UNLIMITED = new CapacityModel(0, Duration.ZERO, 0);

	public CapacityModel {
		if (slots < 0) {
			throw new IllegalArgumentException("slots must not be negative, got " + slots);
		}
		Objects.requireNonNull(prefillPerToken, "prefillPerToken");
		if (prefillPerToken.isNegative()) {
			throw new IllegalArgumentException("prefillPerToken must not be negative, got " + prefillPerToken);
		}
		if (!(itlGrowth >= 0 && itlGrowth <= 100)) {
			throw new IllegalArgumentException("itlGrowth must be in [0, 100], got " + itlGrowth);
		}
	}

	/** At most {@code slots} sequences at once, no prefill time, constant ITL. */
	public static CapacityModel slots(int slots) {
		return new CapacityModel(slots, Duration.ZERO, 0);
	}

	public CapacityModel withPrefillPerToken(Duration d) {
		return new CapacityModel(slots, d, itlGrowth);
	}

	public CapacityModel withItlGrowth(double growth) {
		return new CapacityModel(slots, prefillPerToken, growth);
	}

	/** Whether it changes anything at all. */
	public boolean active() {
		return slots > 0 || !prefillPerToken.isZero() || itlGrowth > 0;
	}

	/**
	 * What the model's queue holds now.
	 *
	 * @param slots     as configured, 0 for no limit
	 * @param running   sequences admitted and not yet ended
	 * @param queued    requests waiting for a slot
	 * @param admitted  requests admitted since the start
	 * @param maxQueued the longest the queue has been
	 */
	public record State(int slots, int running, int queued, long admitted, int maxQueued) {
	}
}
