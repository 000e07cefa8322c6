package io.deepstress.gpu.smi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.deepstress.core.gpu.GpuSample;

/**
 * Groups the output lines of one {@code nvidia-smi --query-gpu=... -lms N} process into one batch per sampling
 * instant, whether the process runs locally or over SSH. nvidia-smi prints one line per GPU per interval, all
 * at once; a batch ends
 * <ul>
 * <li>when a GPU index repeats (the next interval has begun),</li>
 * <li>when it holds exactly the GPUs of the last batch that ended by a repeat or a quiet gap (the usual case
 * once the GPUs are known: delivered at once, without waiting for the gap),</li>
 * <li>after a quiet gap with no reading ({@link #quiet(long)}), or</li>
 * <li>at the end of the output ({@link #flush()}).</li>
 * </ul>
 * Every sample of a batch carries the arrival time of the batch's first line. Lines that are not readings
 * (garbage, headers, cut-off lines, nvidia-smi's messages) never end or extend a batch; they are only
 * classified ({@link Kind}) for the caller to count.
 * <p>
 * Time is passed in by the caller (a wall-clock time for the samples, a monotonic one for the gap), so the
 * batcher has no thread and no clock of its own. It is not thread-safe: one thread, or the caller's lock,
 * drives it; batches are handed to the sink on that thread, in order.
 */
public final class NvidiaSmiBatcher {

	/** What a line was. */
	public enum Kind {
		/** A reading: added to the current batch. */
		SAMPLE,
		/** An empty line: ignored, not counted. */
		BLANK,
		/** Not a reading (garbage, a header, a cut-off line): to be counted as skipped. */
		SKIPPED,
		/**
		 * nvidia-smi's message that there is no usable driver or device ({@link NvidiaSmi#isDriverFailure}); not a
		 * reading either, so also to be counted as skipped. {@link #driverFailure()} keeps it.
		 */
		DRIVER_FAILURE
	}

	private final String sampleHost;
	private final long quietNanos;
	private final Consumer<List<GpuSample>> sink;

	private final List<GpuSample> batch = new ArrayList<>();
	private final BitSet indexes = new BitSet();
	/** The GPU indexes of the last batch that ended naturally (an index repeat or a quiet gap). */
	private BitSet known = new BitSet();
	private long firstEpochMillis;
	private long lastSampleNanos;
	private String driverFailure;

	/**
	 * @param sampleHost the host name the samples carry ({@code GpuHost.sampleHost()})
	 * @param quietGap   how long without a further reading ends a batch
	 * @param sink       receives each batch (an unmodifiable, non-empty list)
	 */
	public NvidiaSmiBatcher(String sampleHost, Duration quietGap, Consumer<List<GpuSample>> sink) {
		this.sampleHost = Objects.requireNonNull(sampleHost, "sampleHost");
		this.quietNanos = Math.max(1, Objects.requireNonNull(quietGap, "quietGap").toNanos());
		this.sink = Objects.requireNonNull(sink, "sink");
	}

	/**
	 * One line of output (without its line break).
	 *
	 * @param epochMillis when it arrived, wall clock (the time of a batch's samples)
	 * @param nanoTime    when it arrived, {@link System#nanoTime()} (for the quiet gap)
	 * @return what the line was; a {@link Kind#SAMPLE} may have completed a batch (delivered before this returns)
	 */
	public Kind accept(String line, long epochMillis, long nanoTime) {
		if (line == null || line.isBlank()) {
			return Kind.BLANK;
		}
		Optional<GpuSample> parsed = NvidiaSmi.parse(line, sampleHost, epochMillis);
		if (parsed.isEmpty()) {
			if (NvidiaSmi.isDriverFailure(line)) {
				driverFailure = line.strip();
				return Kind.DRIVER_FAILURE;
			}
			return Kind.SKIPPED;
		}
		GpuSample sample = parsed.get();
		List<GpuSample> ended = null;
		if (indexes.get(sample.index())) {
			known = (BitSet) indexes.clone();
			ended = take();
		}
		if (batch.isEmpty()) {
			firstEpochMillis = epochMillis;
		} else if (sample.epochMillis() != firstEpochMillis) {
			sample = at(sample, firstEpochMillis);
		}
		batch.add(sample);
		indexes.set(sample.index());
		lastSampleNanos = nanoTime;
		List<GpuSample> complete = indexes.equals(known) ? take() : null;
		// the state is complete before the sink runs: a sink that throws loses no line
		try {
			if (ended != null) {
				sink.accept(ended);
			}
		} finally {
			if (complete != null) {
				sink.accept(complete);
			}
		}
		return Kind.SAMPLE;
	}

	/**
	 * Delivers the pending batch when its last reading came at least the quiet gap before {@code nanoTime}.
	 *
	 * @return whether a batch was delivered
	 */
	public boolean quiet(long nanoTime) {
		if (batch.isEmpty() || nanoTime - lastSampleNanos < quietNanos) {
			return false;
		}
		known = (BitSet) indexes.clone();
		deliver();
		return true;
	}

	/**
	 * How long after {@code nanoTime} the pending batch's quiet gap ends: 0 when it already has, and
	 * {@link Long#MAX_VALUE} when nothing is pending.
	 */
	public long nanosToQuiet(long nanoTime) {
		if (batch.isEmpty()) {
			return Long.MAX_VALUE;
		}
		return Math.max(0, lastSampleNanos + quietNanos - nanoTime);
	}

	/** Whether readings wait for the end of their batch. */
	public boolean hasPending() {
		return !batch.isEmpty();
	}

	/**
	 * The end of the output (the process ended, the channel closed): delivers what is pending. The GPUs known
	 * from earlier batches are kept for the next process.
	 *
	 * @return whether a batch was delivered
	 */
	public boolean flush() {
		if (batch.isEmpty()) {
			return false;
		}
		deliver();
		return true;
	}

	/** Drops what is pending without delivering it (the source closes). */
	public void discard() {
		batch.clear();
		indexes.clear();
	}

	/** The last driver-failure message seen (see {@link Kind#DRIVER_FAILURE}), or null. */
	public String driverFailure() {
		return driverFailure;
	}

	/** Forgets the driver-failure message (a new process starts). */
	public void clearDriverFailure() {
		driverFailure = null;
	}

	private void deliver() {
		sink.accept(take());
	}

	private List<GpuSample> take() {
		List<GpuSample> out = List.copyOf(batch);
		batch.clear();
		indexes.clear();
		return out;
	}

	private static GpuSample at(GpuSample s, long epochMillis) {
		return new GpuSample(epochMillis, s.host(), s.index(), s.uuid(), s.name(), s.utilization(), s.memoryUsedMiB(),
				s.memoryTotalMiB(), s.temperatureC(), s.powerW(), s.powerLimitW(), s.smClockMHz(), s.throttleReasons());
	}
}
