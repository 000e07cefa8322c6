package io.deepstress.gpu.tests;

import static io.deepstress.gpu.tests.GpuTestFiles.threads;
import static io.deepstress.gpu.tests.GpuTestFiles.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import com.sun.jna.Library;
import com.sun.jna.Native;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;
import io.deepstress.gpu.nvml.internal.NvmlProvider;
import io.deepstress.gpu.nvml.internal.NvmlSource;

/**
 * The NVML provider against a stub libnvidia-ml.so.1 built with gcc. The tests of the default name run
 * first: once a library file is loaded, JNA answers its file name from a cache.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NvmlProviderTest {

	/** The stub's own counters, read through the same loaded library. */
	public interface StubCounters extends Library {
		int stub_init_count();

		int stub_shutdown_count();
	}

	private static final Duration INTERVAL = Duration.ofMillis(100);
	private static Path stub;
	private static Path noDriverStub;

	@BeforeAll
	static void buildStubs() throws Exception {
		stub = GpuTestFiles.buildStub("stub");
		noDriverStub = GpuTestFiles.buildStub("stub-nodriver", "-DNO_DRIVER");
	}

	@Test
	void readsBothGpusWithConversionsAndAbsentValues() throws Exception {
		StubCounters counters = Native.load(stub.toString(), StubCounters.class);
		int inits = counters.stub_init_count();
		int shutdowns = counters.stub_shutdown_count();
		Recorder rec = new Recorder();
		NvmlProvider provider = new NvmlProvider(stub::toString);
		assertEquals(GpuHost.Kind.LOCAL_NVML, provider.kind());
		long before = System.currentTimeMillis();
		NvmlSource source = provider.open(GpuHost.localNvml(), INTERVAL, rec);
		try {
			waitUntil("4 batches", 15_000, () -> rec.batchCount() >= 4, rec::toString);
			assertEquals(Status.OK, source.state().status(), source.state()::toString);
			assertEquals(inits + 1, counters.stub_init_count(), "nvmlInit_v2 once per open");
			List<List<GpuSample>> batches = rec.batches();
			for (List<GpuSample> batch : batches) {
				assertEquals(List.of(0, 1), batch.stream().map(GpuSample::index).toList());
			}
			GpuSample h100 = batches.get(1).get(0);
			assertEquals("localhost", h100.host());
			assertTrue(h100.epochMillis() >= before && h100.epochMillis() <= System.currentTimeMillis());
			assertEquals("GPU-1c9f3a52-7d4e-4b8a-9e61-0f2d5c3b7a19", h100.uuid());
			assertEquals("NVIDIA H100 80GB HBM3", h100.name());
			assertTrue(h100.utilization() >= 40 && h100.utilization() <= 49, () -> "" + h100.utilization());
			assertEquals(61440L, h100.memoryUsedMiB(), "bytes to MiB");
			assertEquals(81559L, h100.memoryTotalMiB(), "bytes to MiB");
			assertEquals(54.0, h100.temperatureC());
			assertEquals(312.45, h100.powerW(), 1e-9, "mW to W");
			assertEquals(700.0, h100.powerLimitW(), 1e-9, "mW to W");
			assertEquals(1980L, h100.smClockMHz());
			assertEquals("0x0000000000000004", h100.throttleReasons());

			GpuSample a100 = batches.get(1).get(1);
			assertEquals("GPU-8e2b6f14-3c5a-4d97-b1e0-6a4f9d2c8e73", a100.uuid());
			assertEquals("NVIDIA A100-SXM4-40GB", a100.name());
			assertEquals(10240L, a100.memoryUsedMiB(), "whole MiB, rounded down");
			assertEquals(40960L, a100.memoryTotalMiB());
			assertNull(a100.powerW(), "NVML_ERROR_NOT_SUPPORTED is null, not 0");
			assertNull(a100.powerLimitW(), "NVML_ERROR_NOT_SUPPORTED is null, not 0");
			assertEquals(1410L, a100.smClockMHz());
			assertEquals("0x0000000000000000", a100.throttleReasons());
			assertNotNull(a100.temperatureC());

			Set<Double> utilisations = batches.stream().map(b -> b.get(0).utilization()).collect(Collectors.toSet());
			assertTrue(utilisations.size() > 1, "utilisation varies: " + utilisations);
			assertEquals(1, threads(source.threadName()).size());
		} finally {
			source.close();
		}
		assertEquals(shutdowns + 1, counters.stub_shutdown_count(), "nvmlShutdown on close");
		// the pool's thread may still be on its way out when close() returns: wait for it, however busy the machine
		waitUntil("the source's threads to end", 20_000, () -> threads(source.threadName()).isEmpty(), () -> threads(source.threadName()));
		assertEquals(Status.STOPPED, rec.lastState().status());
		int batches = rec.batchCount();
		Thread.sleep(300);
		assertEquals(batches, rec.batchCount(), "no batch after close");
	}

	@Test
	@Order(1)
	void noLibraryIsUnavailable() throws Exception {
		String saved = System.clearProperty(NvmlProvider.LIBRARY_PROPERTY);
		try {
			// the default name, libnvidia-ml.so.1, is not on this machine (no driver)
			Recorder rec = new Recorder();
			try (GpuSource source = new NvmlProvider().open(GpuHost.localNvml(), INTERVAL, rec)) {
				waitUntil("UNAVAILABLE", 10_000, () -> rec.sawStatus(Status.UNAVAILABLE), rec::toString);
				assertTrue(source.state().message().startsWith("libnvidia-ml.so.1 not found — no NVIDIA driver installed?"),
						source.state()::message);
			}
			// a full path that does not exist
			Path missing = GpuTestFiles.target().resolve("no-such-dir/libnvidia-ml.so.1");
			Recorder rec2 = new Recorder();
			try (GpuSource source = new NvmlProvider(missing::toString).open(GpuHost.localNvml(), INTERVAL, rec2)) {
				waitUntil("UNAVAILABLE", 10_000, () -> rec2.sawStatus(Status.UNAVAILABLE), rec2::toString);
				assertTrue(source.state().message().contains(missing.toString()), source.state()::message);
				assertEquals(0, rec2.batchCount());
			}
		} finally {
			if (saved != null) {
				System.setProperty(NvmlProvider.LIBRARY_PROPERTY, saved);
			}
		}
	}

	@Test
	@Order(2)
	void theDefaultVersionedNameIsFoundOnTheLibraryPath() throws Exception {
		String saved = System.setProperty("jna.library.path", stub.getParent().toString());
		Recorder rec = new Recorder();
		try (GpuSource source = new NvmlProvider(() -> "libnvidia-ml.so.1").open(GpuHost.localNvml(), INTERVAL, rec)) {
			waitUntil("a batch", 15_000, () -> rec.batchCount() >= 1, rec::toString);
			assertEquals(Status.OK, source.state().status());
			assertEquals("NVIDIA H100 80GB HBM3", rec.batches().get(0).get(0).name());
		} finally {
			if (saved == null) {
				System.clearProperty("jna.library.path");
			} else {
				System.setProperty("jna.library.path", saved);
			}
		}
	}

	@Test
	void noDriverIsUnavailableWithNvmlsErrorString() throws Exception {
		Recorder rec = new Recorder();
		try (GpuSource source = new NvmlProvider(noDriverStub::toString).open(GpuHost.localNvml(), INTERVAL, rec)) {
			waitUntil("UNAVAILABLE", 10_000, () -> rec.sawStatus(Status.UNAVAILABLE), rec::toString);
			GpuSourceState state = source.state();
			assertTrue(state.message().contains("Driver Not Loaded"), state::message);
			assertTrue(state.message().contains("9"), state::message);
			Thread.sleep(300);
			assertEquals(0, rec.batchCount());
		}
		assertEquals(Status.STOPPED, rec.lastState().status());
	}

	@Test
	void theDsProviderLoadsTheLibraryNamedByTheSystemProperty() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		GpuProvider nvml = null;
		for (ServiceReference<GpuProvider> ref : context.getServiceReferences(GpuProvider.class, null)) {
			GpuProvider p = context.getService(ref);
			if (p.kind() == GpuHost.Kind.LOCAL_NVML) {
				nvml = p;
			}
		}
		assertNotNull(nvml, "the NVML provider is a DS service");
		String saved = System.setProperty(NvmlProvider.LIBRARY_PROPERTY, stub.toString());
		Recorder rec = new Recorder();
		try (GpuSource source = nvml.open(GpuHost.localNvml(), INTERVAL, rec)) {
			waitUntil("2 batches", 15_000, () -> rec.batchCount() >= 2, rec::toString);
			assertEquals(Status.OK, source.state().status());
		} finally {
			if (saved == null) {
				System.clearProperty(NvmlProvider.LIBRARY_PROPERTY);
			} else {
				System.setProperty(NvmlProvider.LIBRARY_PROPERTY, saved);
			}
		}
	}
}
