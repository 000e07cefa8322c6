package io.deepstress.engine.internal;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How late an open loop's (or a trace's) scheduler sends: actual send time minus scheduled time, recorded by
 * the scheduler's thread (where both are known) and read by the watchdog. Time a request waited for the
 * concurrency cap is the server's, not the client's: an arrival due before the cap let it go is measured
 * from that moment ({@link #record(long, long, long)}).
 */
final class SendLateness {

	private final Recorder recorder = new Recorder(3);
	private volatile double meanGapNanos = Double.NaN;

	/**
	 * One send: {@code due} its scheduled time, {@code freed} when the last wait for the cap ended (or
	 * {@link Long#MIN_VALUE}), {@code sent} when it was handed to the client.
	 */
	void record(long due, long freed, long sent) {
		recorder.recordValue(Math.max(0, sent - Math.max(due, freed)) / 1000);
	}

	/** The schedule's mean gap between arrivals, in nanoseconds. */
	void meanGap(double nanos) {
		meanGapNanos = nanos;
	}

	double meanGapNanos() {
		return meanGapNanos;
	}

	/** The sends since the last call (microseconds). */
	Histogram interval() {
		return recorder.getIntervalHistogram();
	}
}
