package io.deepstress.gpu.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceState.Status;

/**
 * Benchmark, not a test (run by {@code benchmarks/measure.sh gpu-ssh}; the suite leaves *Benchmark classes out,
 * SshGpuProviderTest checks several hosts and eight GPUs per batch; prints figures, asserts only correctness): 8 hosts x 8 GPUs at 1 s, i.e. 8 SSH sessions to the
 * local sshd, each streaming the fake nvidia-smi with 8 GPUs, for about 20 s. Client cost = this JVM's CPU
 * time ({@code ProcessHandle.current().info().totalCpuDuration()}) over the window minus the same JVM's idle
 * CPU rate measured just before, as % of one core. Connecting (key exchange) is outside the window. Also
 * prints the CPU time of the source and JSch threads alone (ThreadMXBean). Target: below 2 % of one core.
 */
class SshGpuBenchmark {

	private static final int HOSTS = 8;
	private static final int GPUS = 8;
	private static final Duration IDLE = Duration.ofSeconds(Long.getLong("deepstress.bench.idleSeconds", 10));
	private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("deepstress.bench.windowSeconds", 20));
	private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("deepstress.bench.warmupSeconds", 5));

	@Test
	void eightHostsWithEightGpusEachAtOneSecond() throws Exception {
		try (SshServer server = SshServer.start("SshGpuBenchmark")) {
			server.control("gpus", Integer.toString(GPUS));
			Path knownHosts = server.knownHostsTrusting("ed25519", server.dir().resolve("bench-known_hosts"));
			SshGpuProvider provider = new SshGpuProvider(SshSettings.defaults().withKnownHosts(knownHosts));

			// idle baseline of this JVM
			System.gc();
			Thread.sleep(1000);
			long idleCpu0 = processCpuNanos();
			long idle0 = System.nanoTime();
			Thread.sleep(IDLE.toMillis());
			double idleRate = (processCpuNanos() - idleCpu0) / (double) (System.nanoTime() - idle0);

			List<Recorder> recorders = new ArrayList<>();
			List<GpuSource> sources = new ArrayList<>();
			try {
				for (int i = 0; i < HOSTS; i++) {
					GpuHost h = server.keyHost("bench-" + i, "id_ed25519");
					Recorder r = new Recorder();
					recorders.add(r);
					sources.add(provider.open(h, Duration.ofSeconds(1), r));
				}
				for (Recorder r : recorders) {
					r.awaitBatches(2, Duration.ofSeconds(60)); // connected and streaming
				}
				Thread.sleep(WARM_UP.toMillis()); // let the JIT settle on the streaming code
				int[] before = recorders.stream().mapToInt(r -> r.batches.size()).toArray();
				ThreadMXBean threads = ManagementFactory.getThreadMXBean();
				long threadCpu0 = clientThreadCpu(threads);
				long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
				long gc0 = gcMillis();
				long cpu0 = processCpuNanos();
				long t0 = System.nanoTime();
				Thread.sleep(WINDOW.toMillis());
				long cpu1 = processCpuNanos();
				long t1 = System.nanoTime();
				long threadCpu1 = clientThreadCpu(threads);
				long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0;
				long gc = gcMillis() - gc0;

				double wall = t1 - t0;
				double runRate = (cpu1 - cpu0) / wall;
				double clientPercent = (runRate - idleRate) * 100;
				double threadPercent = (threadCpu1 - threadCpu0) / wall * 100;
				int batches = 0;
				Set<String> gpus = new HashSet<>();
				for (int i = 0; i < HOSTS; i++) {
					Recorder r = recorders.get(i);
					batches += r.batches.size() - before[i];
					for (List<GpuSample> batch : r.batches) {
						assertEquals(GPUS, batch.size(), "one batch per interval with all GPUs");
						batch.forEach(s -> gpus.add(s.gpuKey()));
					}
					assertEquals(Status.OK, r.status(), r.toString());
				}
				String report = String.format(Locale.ROOT,
						"gpu-ssh benchmark: %d hosts x %d GPUs at 1 s for %.1f s: %d batches (%d samples);"
								+ " JVM CPU %.2f %% of one core, idle baseline %.2f %% -> client cost %.2f %% of one core;"
								+ " source + JSch threads alone %.2f %%; in the window JIT %d ms, GC %d ms; %d processors",
						HOSTS, GPUS, wall / 1e9, batches, batches * GPUS, runRate * 100, idleRate * 100, clientPercent,
						threadPercent, jit, gc, Runtime.getRuntime().availableProcessors());
				System.out.println(report);
				Path out = Path.of(System.getProperty("deepstress.test.work", "target/sshd")).resolveSibling(
						"gpu-ssh-benchmark.txt");
				Files.writeString(out, report + "\n");

				assertEquals(HOSTS * GPUS, gpus.size(), "every GPU of every host seen: " + gpus);
				assertTrue(batches >= HOSTS * (WINDOW.toSeconds() / 2), "about one batch per host per second: " + batches);
			} finally {
				for (GpuSource s : sources) {
					s.close();
				}
			}
		}
	}

	private static long gcMillis() {
		return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime()))
				.sum();
	}

	private static long processCpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
	}

	private static long clientThreadCpu(ThreadMXBean bean) {
		long sum = 0;
		for (Thread t : Thread.getAllStackTraces().keySet()) {
			String n = t.getName();
			if (n.startsWith("deepstress-gpu-ssh ") || n.startsWith("Connect thread")) {
				long cpu = bean.getThreadCpuTime(t.threadId());
				if (cpu > 0) {
					sum += cpu;
				}
			}
		}
		return sum;
	}
}
