package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.deepstress.core.run.Limits;
import io.deepstress.core.run.RunSummary;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * What a nearly idle run costs (issue 13, item 1's last paragraph; not a test: {@code benchmarks/measure.sh idle}):
 * 32 requests at concurrency 1 against a slow simulator (TTFT 200 ms, ITL 20 ms, 24 tokens: about 0.7 s a
 * request, ~22 s), after a short warm-up run so that JIT compilation is not counted. Prints the process CPU over
 * the run, the same JVM's CPU over as long a time doing nothing (the baseline), and the CPU per thread group
 * (thread names without their numbers) so that the culprits show. The simulator runs in this JVM: its threads
 * ("sim"/"qtp" groups) are the server's share. Written to target/idle-cost.txt.
 */
class IdleCostBenchmark {

	private final StringBuilder report = new StringBuilder();

	private void line(String format, Object... args) {
		String text = String.format(Locale.ROOT, format, args);
		System.out.println(text);
		report.append(text).append('\n');
	}

	private static double processCpuSeconds() {
		return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
	}

	private static Map<String, Long> threadCpu(ThreadMXBean threads) {
		Map<String, Long> byGroup = new HashMap<>();
		for (long id : threads.getAllThreadIds()) {
			ThreadInfo info = threads.getThreadInfo(id);
			long cpu = threads.getThreadCpuTime(id);
			if (info != null && cpu > 0) {
				byGroup.merge(info.getThreadName().replaceAll("[-#]?\\d+", "").replaceAll("@[0-9a-f]+", ""), cpu,
						Long::sum);
			}
		}
		return byGroup;
	}

	@Test
	void printsTheCostOfANearlyIdleRun() throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		line("idle cost, %d processors, load average before %s", Runtime.getRuntime().availableProcessors(),
				String.join(" ", java.util.Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split(" "), 3)));
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(200))
				.withItl(Duration.ofMillis(20)).withDefaultOutputTokens(24))) {
			new EngineFixture().run(TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 4, 1), Limits.requests(4)), 60);
			double idleStart = processCpuSeconds();
			long idleWall = System.nanoTime();
			Thread.sleep(5_000);
			double idlePerSecond = (processCpuSeconds() - idleStart) / ((System.nanoTime() - idleWall) / 1e9);
			Map<String, Long> before = threadCpu(threads);
			double cpuBefore = processCpuSeconds();
			long wall = System.nanoTime();
			RunSummary s = new EngineFixture().run(TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 32, 1),
					Limits.requests(32)), 120);
			double seconds = (System.nanoTime() - wall) / 1e9;
			double cpu = processCpuSeconds() - cpuBefore;
			assertEquals(32, s.succeeded());
			line("32 requests at concurrency 1: %.1f s, %d output tokens (%.0f tok/s)", seconds, s.outputTokens(),
					s.outputTokensPerSecond());
			line("process CPU over the run: %.3f s (%.1f ms per second); the idle JVM alone: %.1f ms per second",
					cpu, cpu / seconds * 1000, idlePerSecond * 1000);
			Map<String, Long> after = threadCpu(threads);
			long javaThreads = after.entrySet().stream()
					.mapToLong(e -> Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L))).sum();
			line("of which Java threads %.3f s; the rest, %.3f s, is the JVM's own threads (JIT compilers, GC)",
					javaThreads / 1e9, cpu - javaThreads / 1e9);
			after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
					.filter(e -> e.getValue() > 1_000_000L).sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
					.limit(15).forEach(e -> line("  %-48s %8.1f ms", e.getKey(), e.getValue() / 1e6));
			line("watchdog over the run: %s", s.clientHealth());
		}
		Path out = Path.of(System.getProperty("deepstress.bench.report", "engine-precision.txt")).resolveSibling("idle-cost.txt");
		Files.writeString(out, report);
	}
}
