package io.deepstress.core.slo;

import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunSummary;

/** A latency an SLO can limit, by its name in an SLO expression. */
public enum SloMetric {
	/** Time to first token. */
	TTFT("ttft"),
	/** Time per output token after the first. */
	TPOT("tpot"),
	/** End-to-end latency. */
	E2E("e2e"),
	/** Inter-token latency: per request its own largest gap; per run every gap of every request. */
	ITL("itl");

	private final String key;

	SloMetric(String key) {
		this.key = key;
	}

	/** The name in an expression: {@code ttft}, {@code tpot}, {@code e2e}, {@code itl}. */
	public String key() {
		return key;
	}

	/** The metric named {@code key} (ignoring case), or null. */
	public static SloMetric byKey(String key) {
		for (SloMetric m : values()) {
			if (m.key.equalsIgnoreCase(key)) {
				return m;
			}
		}
		return null;
	}

	/**
	 * The value of one successful request, in nanoseconds, or -1 when the request has none: a non-streamed
	 * request's TTFT is its E2E (its first token came with its end); TPOT is absent below two tokens and ITL
	 * without gaps.
	 */
	public long nanos(RequestResult r) {
		return switch (this) {
			case TTFT -> r.ttftNanos() >= 0 ? r.ttftNanos() : r.e2eNanos();
			case TPOT -> r.tpotNanos();
			case E2E -> r.e2eNanos();
			case ITL -> r.itlCount() > 0 ? r.itlMaxNanos() : -1;
		};
	}

	/** This metric's distribution in a run summary (milliseconds). */
	public LatencyStats of(RunSummary s) {
		return switch (this) {
			case TTFT -> s.ttft();
			case TPOT -> s.tpot();
			case E2E -> s.e2e();
			case ITL -> s.itl();
		};
	}
}
