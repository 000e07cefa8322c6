package io.deepstress.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.deepstress.core.metrics.Saturation;
import io.deepstress.core.metrics.SaturationDetector;
import io.deepstress.core.metrics.SaturationDetector.Bucket;

/** The slope test on synthetic one-second buckets whose behaviour is known. */
class SaturationDetectorTest {

	/** Feeds {@code seconds} buckets and returns the first finding. */
	private static Optional<Saturation> feed(int seconds, java.util.function.IntFunction<Bucket> bucket) {
		SaturationDetector d = SaturationDetector.defaults();
		for (int s = 1; s <= seconds; s++) {
			Optional<Saturation> f = d.add("run", bucket.apply(s));
			if (f.isPresent()) {
				return f;
			}
		}
		return Optional.empty();
	}

	@Test
	void aQueueThatGrowsWhileThroughputHoldsIsSaturation() {
		// arrivals 40/s, service 20/s: 20 more in flight each second, latency = in flight / throughput
		Random noise = new Random(1);
		Optional<Saturation> f = feed(30, s -> {
			double tp = 20 + noise.nextGaussian();
			double inFlight = 20 * s + 3 * noise.nextGaussian();
			return new Bucket(s, tp, 1000 * inFlight / 20, inFlight);
		});
		assertTrue(f.isPresent(), "found");
		assertEquals(10, f.get().atSecond(), 1e-9, "as soon as the window is full");
		assertTrue(f.get().throughputSlopeHigh() < 1, f.get().toString());
		assertTrue(f.get().inFlightSlopeLow() > 15 && f.get().latencySlopeLow() > 500, f.get().toString());
		assertTrue(f.get().describe().startsWith("saturated after 10 s: "), f.get().describe());
	}

	@Test
	void aSteadyOpenLoopBelowCapacityIsNot() {
		Random noise = new Random(2);
		assertEquals(Optional.empty(), feed(120, s -> new Bucket(s, 10 + 3 * noise.nextGaussian(),
				100 + 10 * noise.nextGaussian(), 1 + Math.abs(noise.nextGaussian()))));
	}

	@Test
	void aClosedLoopAtFixedConcurrencyIsNeverReportedEvenWhenSlowingDown() {
		// a server getting slower under a closed loop: latency grows, throughput falls, but in flight stays at 16
		assertEquals(Optional.empty(), feed(60, s -> new Bucket(s, 160.0 / (1 + 0.05 * s), 100 * (1 + 0.05 * s), 16)));
	}

	@Test
	void aRampWhereThroughputGrowsWithWhatIsInFlightIsNot() {
		// a rising open-loop rate the server keeps up with: in flight and throughput grow together, latency flat...
		Random noise = new Random(3);
		assertEquals(Optional.empty(), feed(40, s -> new Bucket(s, 5 * s + noise.nextGaussian(),
				200 + 5 * noise.nextGaussian(), s + 0.3 * noise.nextGaussian())));
		// ...and with latency creeping up a little, throughput still grows in proportion
		assertEquals(Optional.empty(), feed(40, s -> new Bucket(s, 5 * s + noise.nextGaussian(), 200 + 2 * s,
				s * (200 + 2 * s) / 200.0)));
	}

	@Test
	void silentSecondsAreSkippedAndBadSettingsRefused() {
		SaturationDetector d = SaturationDetector.defaults();
		for (int s = 1; s < 40; s++) {
			assertEquals(Optional.empty(), d.add("run", new Bucket(s, 0, Double.NaN, 20 * s)), "no completion: no latency");
		}
		assertThrows(IllegalArgumentException.class, () -> new SaturationDetector(3, 0.95));
		assertThrows(IllegalArgumentException.class, () -> new SaturationDetector(10, 1.0));
	}
}
