package io.deepstress.gpu.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.gpu.smi.NvidiaSmiBatcher;
import io.deepstress.gpu.smi.NvidiaSmiBatcher.Kind;

/** The nvidia-smi line batcher shared by the local and the SSH source, on scripted lines and explicit clocks. */
class NvidiaSmiBatcherTest {

	private static final long MS = 1_000_000L;
	private static final Duration GAP = Duration.ofMillis(50);

	private final List<List<GpuSample>> batches = new ArrayList<>();
	private final NvidiaSmiBatcher batcher = new NvidiaSmiBatcher("gpu-box", GAP, batches::add);

	/** A reading of GPU {@code index} with utilisation {@code util}. */
	private static String line(int index, int util) {
		return index + ", GPU-" + index + "-uuid, NVIDIA H100 80GB HBM3, " + util + ", 1024, 81559, 50, 300.00, 700.00, 1980, 0x0";
	}

	private Kind feed(String line, long millis) {
		return batcher.accept(line, 1_000_000 + millis, millis * MS);
	}

	private static List<Integer> indexes(List<GpuSample> batch) {
		return batch.stream().map(GpuSample::index).toList();
	}

	@Test
	void aRepeatedIndexEndsTheBatchAndItsSamplesShareTheFirstLinesTime() {
		assertEquals(Kind.SAMPLE, feed(line(0, 10), 0));
		assertEquals(Kind.SAMPLE, feed(line(1, 11), 2));
		assertEquals(List.of(), batches, "no batch before the interval is known to be over");
		assertEquals(Kind.SAMPLE, feed(line(0, 20), 1000));
		assertEquals(1, batches.size());
		List<GpuSample> first = batches.get(0);
		assertEquals(List.of(0, 1), indexes(first));
		assertEquals(List.of(1_000_000L, 1_000_000L), first.stream().map(GpuSample::epochMillis).toList(),
				"one sampling instant: the arrival of the batch's first line");
		assertEquals("gpu-box", first.get(1).host());
		assertEquals(11.0, first.get(1).utilization());
		assertThrows(UnsupportedOperationException.class, () -> first.add(first.get(0)), "batches are unmodifiable");
	}

	@Test
	void onceTheGpusAreKnownACompleteBatchIsDeliveredAtOnce() {
		feed(line(0, 1), 0);
		feed(line(1, 1), 1);
		feed(line(0, 2), 1000); // the repeat ends the first batch: GPUs 0 and 1 are known
		assertEquals(1, batches.size());
		feed(line(1, 2), 1001);
		assertEquals(2, batches.size(), "GPU 1 completes the known set: no wait for the gap or the next interval");
		assertEquals(List.of(0, 1), indexes(batches.get(1)));
		assertFalse(batcher.hasPending());
		assertEquals(Long.MAX_VALUE, batcher.nanosToQuiet(1001 * MS));
	}

	@Test
	void aQuietGapEndsTheBatchAndTeachesTheGpus() {
		feed(line(0, 1), 0);
		feed(line(1, 1), 10);
		assertTrue(batcher.hasPending());
		assertEquals(50 * MS, batcher.nanosToQuiet(10 * MS), "the gap counts from the last reading");
		assertFalse(batcher.quiet(59 * MS), "not yet quiet for the whole gap");
		assertEquals(List.of(), batches);
		assertEquals(0, batcher.nanosToQuiet(60 * MS));
		assertTrue(batcher.quiet(60 * MS));
		assertEquals(List.of(List.of(0, 1)), batches.stream().map(NvidiaSmiBatcherTest::indexes).toList());
		assertFalse(batcher.quiet(500 * MS), "nothing pending: nothing delivered twice");
		// the gap taught the GPUs: the next complete interval goes out at once
		feed(line(0, 2), 1000);
		feed(line(1, 2), 1001);
		assertEquals(2, batches.size());
	}

	@Test
	void aSingleGpuIsDeliveredLineByLineOnceKnown() {
		feed(line(0, 1), 0);
		assertTrue(batcher.quiet(100 * MS));
		for (int i = 1; i <= 3; i++) {
			feed(line(0, i), i * 1000);
			assertEquals(i + 1, batches.size());
			assertEquals(1_000_000L + i * 1000, batches.get(i).get(0).epochMillis());
		}
	}

	@Test
	void garbageAndHeadersAreSkippedAndNeitherEndNorExtendABatch() {
		feed(line(0, 1), 0);
		assertEquals(Kind.SKIPPED, feed("@@ garbage %% not a reading", 5));
		assertEquals(Kind.SKIPPED, feed("index, uuid, name, utilization.gpu [%], memory.used [MiB], memory.total [MiB], "
				+ "temperature.gpu, power.draw [W], power.limit [W], clocks.sm [MHz], clocks_throttle_reasons.active", 6));
		assertEquals(Kind.SKIPPED, feed("Unable to determine the device handle for GPU1: 0000:19:00.0: Unknown Error", 7));
		assertEquals(Kind.BLANK, feed("", 8));
		assertEquals(Kind.BLANK, feed("   ", 8));
		assertEquals(Kind.BLANK, batcher.accept(null, 0, 8 * MS));
		assertEquals(List.of(), batches, "a skipped line ends no batch");
		assertEquals(0, batcher.nanosToQuiet(50 * MS), "skipped lines do not extend the gap");
		feed(line(1, 1), 20);
		assertTrue(batcher.quiet(70 * MS));
		assertEquals(List.of(0, 1), indexes(batches.get(0)));
	}

	@Test
	void partialLinesAreSkippedAndAPartialLastLineDoesNotLoseTheBatch() {
		String full = line(1, 77);
		feed(line(0, 1), 0);
		// cut off mid-line: the process died or the connection dropped while it wrote
		assertEquals(Kind.SKIPPED, feed(full.substring(0, full.length() / 2), 1));
		assertEquals(Kind.SKIPPED, feed(full.substring(0, full.lastIndexOf(',')), 1), "one field short");
		assertEquals(Kind.SKIPPED, feed("7", 1), "a lone index is no reading");
		assertTrue(batcher.flush(), "the end of the output delivers what is pending");
		assertEquals(List.of(List.of(0)), batches.stream().map(NvidiaSmiBatcherTest::indexes).toList());
		assertFalse(batcher.flush());
		// a line split by CR LF is still one reading
		assertEquals(Kind.SAMPLE, feed(full + "\r", 1000));
		assertTrue(batcher.flush());
		assertEquals(77.0, batches.get(1).get(0).utilization());
	}

	@Test
	void theEndOfTheOutputDoesNotTeachAPartialSetOfGpus() {
		feed(line(0, 1), 0);
		feed(line(1, 1), 1);
		feed(line(2, 1), 2);
		feed(line(0, 2), 1000); // GPUs 0, 1, 2 known
		batcher.flush(); // the process ended after GPU 0's line
		assertEquals(List.of(List.of(0, 1, 2), List.of(0)), batches.stream().map(NvidiaSmiBatcherTest::indexes).toList());
		// a new process: GPUs 0 and 1 alone are not yet the known set
		feed(line(0, 3), 2000);
		feed(line(1, 3), 2001);
		assertEquals(2, batches.size());
		feed(line(2, 3), 2002);
		assertEquals(List.of(0, 1, 2), indexes(batches.get(2)));
	}

	@Test
	void aGpuThatDisappearsIsLearnedFromTheRepeat() {
		feed(line(0, 1), 0);
		feed(line(1, 1), 1);
		feed(line(0, 2), 1000); // GPUs 0 and 1 known
		// GPU 1 fell off the bus: the interval of GPU 0 alone is ended by the next repeat, which teaches {0};
		// the repeating line is then a complete interval of its own
		feed(line(0, 3), 2000);
		assertEquals(List.of(List.of(0, 1), List.of(0), List.of(0)),
				batches.stream().map(NvidiaSmiBatcherTest::indexes).toList());
		assertEquals(1_001_000L, batches.get(1).get(0).epochMillis());
		assertEquals(1_002_000L, batches.get(2).get(0).epochMillis());
		feed(line(0, 4), 3000);
		assertEquals(4, batches.size(), "{0} is known now: each line is a batch");
		assertFalse(batcher.hasPending());
	}

	@Test
	void noDevicesAndDriverMessagesAreKeptAndNotReadings() {
		feed(line(0, 1), 0);
		assertNull(batcher.driverFailure());
		assertEquals(Kind.DRIVER_FAILURE, feed("No devices were found", 1));
		assertEquals("No devices were found", batcher.driverFailure());
		String noDriver = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure "
				+ "that the latest NVIDIA driver is installed and running.";
		assertEquals(Kind.DRIVER_FAILURE, feed("  " + noDriver + "  ", 2));
		assertEquals(noDriver, batcher.driverFailure());
		assertEquals(Kind.DRIVER_FAILURE, feed("Failed to initialize NVML: Driver/library version mismatch", 3));
		assertEquals(List.of(), batches, "a message ends no batch");
		assertTrue(batcher.hasPending());
		batcher.clearDriverFailure();
		assertNull(batcher.driverFailure());
	}

	@Test
	void discardDropsWhatIsPending() {
		feed(line(0, 1), 0);
		batcher.discard();
		assertFalse(batcher.hasPending());
		assertFalse(batcher.quiet(1000 * MS));
		assertFalse(batcher.flush());
		assertEquals(List.of(), batches);
	}

	@Test
	void aFailingSinkLeavesTheBatcherConsistent() {
		List<List<GpuSample>> seen = new ArrayList<>();
		NvidiaSmiBatcher failing = new NvidiaSmiBatcher("h", GAP, b -> {
			seen.add(b);
			throw new IllegalStateException("listener broken");
		});
		failing.accept(line(0, 1), 1, 0);
		failing.accept(line(1, 1), 1, 0);
		assertThrows(IllegalStateException.class, () -> failing.accept(line(0, 2), 2, MS));
		assertEquals(1, seen.size());
		assertEquals(List.of(0, 1), indexes(seen.get(0)));
		assertTrue(failing.hasPending(), "the line that ended the batch is kept for the next one");
		assertThrows(IllegalStateException.class, failing::flush);
		assertEquals(List.of(0), indexes(seen.get(1)));
		assertFalse(failing.hasPending());
	}
}
