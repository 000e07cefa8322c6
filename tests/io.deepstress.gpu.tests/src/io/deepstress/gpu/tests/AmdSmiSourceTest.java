package io.deepstress.gpu.tests;

import static io.deepstress.gpu.tests.GpuTestFiles.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceState.Status;

/**
 * The AMD sample plug-in's provider (found as a DS service, as the monitor finds it) runs a fake {@code amd-smi}
 * that prints recorded-looking {@code amd-smi metric --json} (two MI300X-like GPUs, one in the {value, unit} form,
 * one in the older "131 W" strings): every figure read; a failing, garbage-printing or missing command gives a
 * state with the reason.
 */
class AmdSmiSourceTest {

	private static Path fakeAmdSmi(String name) throws Exception {
		Path dir = GpuTestFiles.target().resolve("amd").resolve(name + "-" + System.nanoTime());
		Files.createDirectories(dir);
		Path script = dir.resolve("amd-smi");
		Files.write(script, GpuTestFiles.resource("fake-amd-smi"));
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.write(dir.resolve("amd-smi-metric.json"), GpuTestFiles.resource("amd-smi-metric.json"));
		return script;
	}

	private static GpuProvider amdProvider() throws InterruptedException {
		var context = FrameworkUtil.getBundle(AmdSmiSourceTest.class).getBundleContext();
		ServiceTracker<GpuProvider, GpuProvider> tracker = new ServiceTracker<>(context, GpuProvider.class, null);
		tracker.open();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			for (GpuProvider p : tracker.getTracked().values()) {
				if (p.kind() == GpuHost.Kind.LOCAL_AMD_SMI) {
					return p;
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no amd-smi GpuProvider service (the sample plug-in's)");
	}

	@Test
	void everyFigureOfBothShapesIsRead() throws Exception {
		Path script = fakeAmdSmi("read");
		Recorder recorder = new Recorder();
		try (GpuSource source = amdProvider().open(GpuHost.localAmdSmi(script.toString()), Duration.ofMillis(300),
				recorder)) {
			waitUntil("two reads", 15_000, () -> recorder.batchCount() >= 2, recorder::toString);
			List<GpuSample> gpus = recorder.batches().get(0);
			assertEquals(2, gpus.size());
			GpuSample g0 = gpus.get(0);
			assertEquals("localhost", g0.host());
			assertEquals(0, g0.index());
			assertEquals(93.0, g0.utilization());
			assertEquals(181_337L, g0.memoryUsedMiB());
			assertEquals(196_592L, g0.memoryTotalMiB());
			assertEquals(71.0, g0.temperatureC(), "the hotspot when the edge is N/A");
			assertEquals(688.0, g0.powerW());
			assertEquals(2087L, g0.smClockMHz());
			assertEquals("THROTTLED", g0.throttleReasons());
			assertNull(g0.powerLimitW(), "not in amd-smi metric: absent, not zero");
			GpuSample g1 = gpus.get(1);
			assertEquals(0.0, g1.utilization());
			assertEquals(131.0, g1.powerW());
			assertEquals(39.0, g1.temperatureC());
			assertEquals(134L, g1.smClockMHz());
			assertEquals(283L, g1.memoryUsedMiB());
			assertEquals(Status.OK, source.state().status());
		}
	}

	@Test
	void aFailingGarbageOrMissingCommandGivesTheReason() throws Exception {
		Path script = fakeAmdSmi("fail");
		Path mode = script.resolveSibling("amd-smi.mode");
		Files.writeString(mode, "fail");
		Recorder recorder = new Recorder();
		try (GpuSource source = amdProvider().open(GpuHost.localAmdSmi(script.toString()), Duration.ofMillis(200),
				recorder)) {
			waitUntil("the failure", 15_000, () -> message(source).contains("exited with 3: AMDSMI_STATUS_NO_PERM"),
					recorder::toString);
			assertEquals(Status.RECONNECTING, source.state().status());
			Files.writeString(mode, "garbage");
			waitUntil("garbage", 15_000, () -> message(source).contains("not JSON"), recorder::toString);
			Files.delete(mode);
			waitUntil("back", 15_000, () -> source.state().status() == Status.OK, recorder::toString);
		}
		Recorder missing = new Recorder();
		try (GpuSource source = amdProvider().open(GpuHost.localAmdSmi(script.resolveSibling("no-amd-smi").toString()),
				Duration.ofMillis(200), missing)) {
			waitUntil("unavailable", 15_000, () -> source.state().status() == Status.UNAVAILABLE, missing::toString);
			assertTrue(message(source).startsWith("cannot run "), message(source));
		}
	}

	private static String message(GpuSource source) {
		String m = source.state().message();
		return m == null ? "" : m;
	}
}
