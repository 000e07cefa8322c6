package io.deepstress.core.batch;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

import io.deepstress.core.run.LatencyStats;

/**
 * A run's latency distributions as the engine measured them (the figures of its summary come from them):
 * HdrHistograms of microseconds, 3 significant digits, up to one hour. Kept with the run in HdrHistogram's compressed
 * encoding, so that the histograms of a batch's agents can be added: the sum's percentiles are those of the union of
 * their requests at the histograms' precision. Each histogram is a copy; the record is safe to share.
 *
 * @param ttft time to first token of the successful measured requests
 * @param e2e  end-to-end latency of the same
 * @param itl  every gap between content chunks of the same
 * @param tpot time per output token of the same
 */
public record RunHistograms(Histogram ttft, Histogram e2e, Histogram itl, Histogram tpot) {

	/** The highest value the engine's histograms track, in microseconds (one hour). */
	public static final long HIGHEST_MICROS = 3_600_000_000L;

	/** The engine's precision: significant decimal digits. */
	public static final int DIGITS = 3;

	/** The names of the metrics, in the order of the components. */
	public static final String[] METRICS = { "ttft", "e2e", "itl", "tpot" };

	public RunHistograms {
		ttft = Objects.requireNonNull(ttft, "ttft").copy();
		e2e = Objects.requireNonNull(e2e, "e2e").copy();
		itl = Objects.requireNonNull(itl, "itl").copy();
		tpot = Objects.requireNonNull(tpot, "tpot").copy();
	}

	/** Empty histograms of the engine's range and precision. */
	public static Histogram histogram() {
		return new Histogram(HIGHEST_MICROS, DIGITS);
	}

	/** Four empty histograms. */
	public static RunHistograms empty() {
		return new RunHistograms(histogram(), histogram(), histogram(), histogram());
	}

	@Override
	public Histogram ttft() {
		return ttft.copy();
	}

	@Override
	public Histogram e2e() {
		return e2e.copy();
	}

	@Override
	public Histogram itl() {
		return itl.copy();
	}

	@Override
	public Histogram tpot() {
		return tpot.copy();
	}

	/** The histogram of one metric by name ({@link #METRICS}), a copy. */
	public Histogram metric(String name) {
		return switch (name) {
		case "ttft" -> ttft();
		case "e2e" -> e2e();
		case "itl" -> itl();
		case "tpot" -> tpot();
		default -> throw new IllegalArgumentException("no metric " + name);
		};
	}

	/** These histograms and {@code other}'s added (neither changes). */
	public RunHistograms plus(RunHistograms other) {
		Histogram[] sum = { ttft.copy(), e2e.copy(), itl.copy(), tpot.copy() };
		sum[0].add(other.ttft);
		sum[1].add(other.e2e);
		sum[2].add(other.itl);
		sum[3].add(other.tpot);
		return new RunHistograms(sum[0], sum[1], sum[2], sum[3]);
	}

	/** The figures of a histogram of microseconds, in milliseconds (as {@code RunSummary} has them). */
	public static LatencyStats stats(Histogram h) {
		if (h.getTotalCount() == 0) {
			return LatencyStats.EMPTY;
		}
		return new LatencyStats(h.getTotalCount(), h.getMean() / 1000.0, h.getValueAtPercentile(50) / 1000.0,
				h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(95) / 1000.0,
				h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
	}

	/** The metrics' compressed encodings, by name. */
	public Map<String, byte[]> encoded() {
		Map<String, byte[]> out = new LinkedHashMap<>();
		out.put("ttft", encode(ttft));
		out.put("e2e", encode(e2e));
		out.put("itl", encode(itl));
		out.put("tpot", encode(tpot));
		return out;
	}

	/**
	 * Histograms from their compressed encodings ({@link #encoded()}); a metric missing is empty.
	 *
	 * @throws IllegalArgumentException when an encoding cannot be read
	 */
	public static RunHistograms decode(Map<String, byte[]> encoded) {
		Histogram[] h = new Histogram[4];
		for (int i = 0; i < 4; i++) {
			byte[] bytes = encoded.get(METRICS[i]);
			h[i] = bytes == null ? histogram() : decode(METRICS[i], bytes);
		}
		return new RunHistograms(h[0], h[1], h[2], h[3]);
	}

	/** One histogram in HdrHistogram's compressed encoding. */
	public static byte[] encode(Histogram h) {
		ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
		int length = h.encodeIntoCompressedByteBuffer(buffer);
		byte[] out = new byte[length];
		buffer.flip();
		buffer.get(out);
		return out;
	}

	private static Histogram decode(String metric, byte[] bytes) {
		try {
			return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), HIGHEST_MICROS);
		} catch (DataFormatException | RuntimeException e) {
			throw new IllegalArgumentException("the stored " + metric + " histogram cannot be read: " + e.getMessage(), e);
		}
	}
}
