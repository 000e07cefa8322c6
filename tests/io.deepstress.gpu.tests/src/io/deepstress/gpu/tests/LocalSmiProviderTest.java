package io.deepstress.gpu.tests;

import static io.deepstress.gpu.tests.GpuTestFiles.fakeSmi;
import static io.deepstress.gpu.tests.GpuTestFiles.runs;
import static io.deepstress.gpu.tests.GpuTestFiles.smiHost;
import static io.deepstress.gpu.tests.GpuTestFiles.threads;
import static io.deepstress.gpu.tests.GpuTestFiles.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;
import io.deepstress.gpu.smi.internal.LocalSmiProvider;
import io.deepstress.gpu.smi.internal.SmiSource;

/** The local nvidia-smi provider against the fake nvidia-smi script. */
class LocalSmiProviderTest {

	private static final Duration INTERVAL = Duration.ofMillis(200);

	private final LocalSmiProvider provider = new LocalSmiProvider(Duration.ofMillis(100), Duration.ofMillis(400), 3);

	@Test
	void deliversBothGpusOfAnIntervalAsOneBatch() throws Exception {
		Path script = fakeSmi("two-gpus", null);
		Recorder rec = new Recorder();
		long before = System.currentTimeMillis();
		try (SmiSource source = provider.open(smiHost("two-gpus", script), INTERVAL, rec)) {
			assertEquals(GpuHost.Kind.LOCAL_SMI, provider.kind());
			waitUntil("5 batches", 15_000, () -> rec.batchCount() >= 5, rec::toString);
			List<List<GpuSample>> batches = rec.batches();
			for (List<GpuSample> batch : batches) {
				assertEquals(List.of(0, 1), batch.stream().map(GpuSample::index).toList(), () -> "batch " + batch);
			}
			GpuSample h100 = batches.get(0).get(0);
			assertEquals("localhost", h100.host());
			assertEquals("GPU-1c9f3a52-7d4e-4b8a-9e61-0f2d5c3b7a19", h100.uuid());
			assertEquals("NVIDIA H100 80GB HBM3", h100.name());
			assertEquals(81559L, h100.memoryTotalMiB());
			assertEquals(700.0, h100.powerLimitW());
			assertEquals(1980L, h100.smClockMHz());
			assertEquals("0x0000000000000004", h100.throttleReasons());
			assertTrue(h100.epochMillis() >= before && h100.epochMillis() <= System.currentTimeMillis());
			GpuSample a100 = batches.get(0).get(1);
			assertEquals("NVIDIA A100-SXM4-40GB", a100.name());
			assertEquals(40960L, a100.memoryTotalMiB());
			assertEquals(10240L, a100.memoryUsedMiB());
			assertEquals(87.51, a100.powerW());
			assertEquals(61.0, a100.temperatureC());
			assertNull(a100.powerLimitW(), "[N/A] is absent");
			assertNull(a100.throttleReasons(), "[Not Supported] is absent");
			Set<Double> utilisations = batches.stream().map(b -> b.get(1).utilization()).collect(Collectors.toSet());
			assertTrue(utilisations.size() > 1, "utilisation varies over time: " + utilisations);
			for (int i = 1; i < batches.size(); i++) {
				assertTrue(batches.get(i).get(0).epochMillis() > batches.get(i - 1).get(0).epochMillis());
			}
			GpuSourceState state = source.state();
			assertEquals(Status.OK, state.status());
			assertEquals(0, state.skipped());
			assertTrue(state.samples() >= 10, state::toString);
			assertEquals(Status.STARTING, rec.states().get(0).status());
			assertEquals(1, runs(script), "one long-lived process, not one per sample");
		}
		assertEquals(Status.STOPPED, rec.lastState().status());
	}

	@Test
	void skipsAndCountsGarbage() throws Exception {
		Path script = fakeSmi("garbage", "GARBAGE=1\n");
		Recorder rec = new Recorder();
		try (SmiSource source = provider.open(smiHost("garbage", script), INTERVAL, rec)) {
			waitUntil("3 batches", 15_000, () -> rec.batchCount() >= 3, rec::toString);
			for (List<GpuSample> batch : rec.batches()) {
				assertEquals(2, batch.size(), () -> "batch " + batch);
			}
			// every interval prints a header and a garbage line
			long skipped = source.state().skipped();
			assertTrue(skipped >= 2L * (rec.batchCount() - 1), "skipped " + skipped + " with " + rec);
			assertEquals(Status.OK, source.state().status());
		}
	}

	@Test
	void restartsAProcessThatExitsAndResumes() throws Exception {
		Path script = fakeSmi("exits", "EXIT_AFTER=2\nEXIT_CODE=3\nSTDERR_LINE='fake: GPU has fallen off the bus'\n");
		Recorder rec = new Recorder();
		try (SmiSource source = provider.open(smiHost("exits", script), INTERVAL, rec)) {
			waitUntil("three runs of nvidia-smi and 5 batches", 20_000,
					() -> rec.batchCount() >= 5 && runs(script) >= 3, rec::toString);
			GpuSourceState reconnecting = rec.states().stream().filter(s -> s.status() == Status.RECONNECTING)
					.findFirst().orElseThrow(() -> new AssertionError("no RECONNECTING in " + rec));
			assertTrue(reconnecting.message().contains("code 3"), reconnecting::message);
			assertTrue(reconnecting.message().contains("fake: GPU has fallen off the bus"), reconnecting::message);
			// OK again after the reconnect
			List<GpuSourceState> states = rec.states();
			int firstReconnect = states.indexOf(reconnecting);
			assertTrue(states.subList(firstReconnect, states.size()).stream().anyMatch(s -> s.status() == Status.OK),
					() -> "no OK after " + reconnecting + ": " + states);
			for (List<GpuSample> batch : rec.batches()) {
				assertEquals(2, batch.size(), () -> "batch " + batch);
			}
			assertNotEquals(Status.UNAVAILABLE, source.state().status());
		}
	}

	@Test
	void driverFailureIsUnavailableAndNotRetried() throws Exception {
		Path script = fakeSmi("no-driver", "DRIVER_FAIL=1\n");
		Recorder rec = new Recorder();
		try (SmiSource source = provider.open(smiHost("no-driver", script), INTERVAL, rec)) {
			waitUntil("UNAVAILABLE", 10_000, () -> rec.sawStatus(Status.UNAVAILABLE), rec::toString);
			assertTrue(source.state().message().contains("couldn't communicate with the NVIDIA driver"),
					source.state()::message);
			Thread.sleep(600); // several backoff periods
			assertEquals(1, runs(script));
			assertEquals(Status.UNAVAILABLE, source.state().status());
			assertEquals(0, rec.batchCount());
		}
	}

	@Test
	void exitingAtOnceRepeatedlyBecomesUnavailable() throws Exception {
		Path script = fakeSmi("dies", "echo 'fake: cannot open /dev/nvidiactl' >&2\nexit 4\n");
		Recorder rec = new Recorder();
		try (SmiSource source = provider.open(smiHost("dies", script), INTERVAL, rec)) {
			waitUntil("UNAVAILABLE", 15_000, () -> rec.sawStatus(Status.UNAVAILABLE), rec::toString);
			String message = source.state().message();
			assertTrue(message.contains("code 4") && message.contains("/dev/nvidiactl") && message.contains("3 times"),
					message);
			assertTrue(rec.sawStatus(Status.RECONNECTING));
			assertEquals(3, runs(script));
		}
	}

	@Test
	void missingCommandIsUnavailable() throws Exception {
		Path missing = GpuTestFiles.target().resolve("smi/does-not-exist/nvidia-smi");
		Recorder rec = new Recorder();
		try (SmiSource source = provider.open(smiHost("missing", missing), INTERVAL, rec)) {
			GpuSourceState state = source.state();
			assertEquals(Status.UNAVAILABLE, state.status());
			assertTrue(state.message().contains(missing.toString()), state::message);
			assertTrue(state.message().contains("No such file"), state::message);
			assertEquals(Status.UNAVAILABLE, rec.lastState().status());
		}
	}

	@Test
	void closeEndsTheProcessTreeAndEveryThread() throws Exception {
		Path script = fakeSmi("close", null);
		Recorder rec = new Recorder();
		SmiSource source = provider.open(smiHost("close", script), INTERVAL, rec);
		List<ProcessHandle> tree = new ArrayList<>();
		try {
			waitUntil("2 batches", 15_000, () -> rec.batchCount() >= 2, rec::toString);
			ProcessHandle process = source.process().orElseThrow();
			assertTrue(process.isAlive());
			tree.add(process);
			// the script sleeps in a child between intervals
			waitUntil("a child process", 20_000, () -> process.descendants().findAny().isPresent(), () -> "none");
			process.descendants().forEach(tree::add);
			assertFalse(threads(source.threadPrefix()).isEmpty());
		} finally {
			source.close();
		}
		for (ProcessHandle p : tree) {
			assertFalse(p.isAlive(), () -> "still alive after close: " + p.pid() + " " + p.info());
		}
		assertTrue(source.process().isEmpty());
		// the pool's thread may still be on its way out when close() returns: wait for it, however busy the machine
		waitUntil("the source's threads to end", 20_000, () -> threads(source.threadPrefix()).isEmpty(), () -> threads(source.threadPrefix()));
		int batches = rec.batchCount();
		Thread.sleep(500);
		assertEquals(batches, rec.batchCount(), "no batch after close");
		assertEquals(Status.STOPPED, source.state().status());
		source.close(); // idempotent
	}
}
