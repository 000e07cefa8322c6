package io.deepstress.gpu.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.events.GpuTopics;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.gpu.internal.DefaultGpuMonitor;
import io.deepstress.gpu.smi.internal.LocalSmiProvider;

/**
 * A benchmark, not a test (run by {@code benchmarks/measure.sh gpu}; the suite leaves *Benchmark classes out):
 * measures what watching the fake 2-GPU nvidia-smi at 1 s costs in CPU (JVM process and the provider's
 * threads) over {@code deepstress.gpu.benchmark.seconds} (default 20) and prints it to the test output and
 * target/gpu-benchmark.txt.
 */
class GpuCpuBenchmark {

	@Test
	void cpuCostOfWatchingTwoGpusAtOneSecond() throws Exception {
		int seconds = Integer.getInteger("deepstress.gpu.benchmark.seconds", 20);
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ServiceTracker<EventAdmin, EventAdmin> tracker = new ServiceTracker<>(context, EventAdmin.class, null);
		tracker.open();
		EventAdmin eventAdmin = tracker.waitForService(10_000);
		assertNotNull(eventAdmin);
		AtomicInteger events = new AtomicInteger();
		Hashtable<String, Object> props = new Hashtable<>();
		props.put(EventConstants.EVENT_TOPIC, GpuTopics.SAMPLE);
		ServiceRegistration<EventHandler> subscriber = context.registerService(EventHandler.class,
				e -> events.incrementAndGet(), props);

		Path script = GpuTestFiles.fakeSmi("benchmark", null);
		GpuHost host = GpuTestFiles.smiHost("benchmark", script);
		DefaultGpuMonitor monitor = new DefaultGpuMonitor();
		monitor.setEventAdmin(eventAdmin);
		monitor.addProvider(new LocalSmiProvider());
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		try {
			monitor.watch(host);
			GpuTestFiles.waitUntil("the first sample", 20_000, () -> events.get() >= 1, () -> events);
			int events0 = events.get();
			long jvm0 = jvmCpuNanos();
			long wall0 = System.nanoTime();
			Thread.sleep(seconds * 1000L);
			long wall = System.nanoTime() - wall0;
			long jvm = jvmCpuNanos() - jvm0;
			long providerThreads = 0;
			for (Thread t : Thread.getAllStackTraces().keySet()) {
				if (t.getName().startsWith("deepstress-smi-" + host.id())) {
					providerThreads += Math.max(0, threads.getThreadCpuTime(t.threadId()));
				}
			}
			int batches = events.get() - events0;
			String report = String.format(Locale.ROOT,
					"GPU telemetry CPU benchmark: LocalSmiProvider + DefaultGpuMonitor + EventAdmin, fake nvidia-smi "
							+ "(2 GPUs) at 1 s, %.1f s wall, %d batches: JVM process CPU %.0f ms (%.2f%% of one core); "
							+ "provider threads (stdout/stderr readers, timer; whole life) %.1f ms; %d cores%n",
					wall / 1e9, batches, jvm / 1e6, 100.0 * jvm / wall, providerThreads / 1e6,
					Runtime.getRuntime().availableProcessors());
			System.out.print(report);
			Files.writeString(GpuTestFiles.target().resolve("gpu-benchmark.txt"), report);
			assertTrue(batches >= seconds / 2, "samples kept coming: " + batches);
		} finally {
			monitor.close();
			subscriber.unregister();
			tracker.close();
		}
	}

	private static long jvmCpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos)
				.orElseThrow(() -> new AssertionError("no process CPU time on this system"));
	}
}
