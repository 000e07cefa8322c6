package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunHandle;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * The engine's precision claims as figures (not a test: run by {@code benchmarks/measure.sh engine}; the test
 * suite checks the same things with bounds a busy machine keeps, see SimulatorMetricsTest). Each figure is
 * the client against the simulator's ground truth, in this JVM over loopback: the client-minus-server TTFT
 * at concurrency 1 (claim: under 5 ms), ITL and TPOT against the server's pacing, the open loop's rate
 * (claim: 200 req/s within 2 %), Poisson arrivals, and how long Stop takes with streams in flight. Printed
 * and written to {@code -Ddeepstress.bench.report} (target/engine-precision.txt).
 * {@code -Dengine.bench.requests} sets the measured requests at concurrency 1 (default 100).
 */
class EnginePrecisionBenchmark {

	private static final int REQUESTS = Integer.getInteger("engine.bench.requests", 100);
	private final StringBuilder report = new StringBuilder();

	private static SimulatorSettings settings(long ttftMs, long itlMs, int tokens) {
		return SimulatorSettings.defaults().withTtft(Duration.ofMillis(ttftMs)).withItl(Duration.ofMillis(itlMs))
				.withDefaultOutputTokens(tokens);
	}

	private void line(String format, Object... args) {
		String text = String.format(Locale.ROOT, format, args);
		System.out.println(text);
		report.append(text).append('\n');
	}

	@Test
	void printsThePrecisionFigures() throws Exception {
		line("engine precision, %d processors, load average before %s", Runtime.getRuntime().availableProcessors(),
				String.join(" ", java.util.Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split(" "), 3)));
		ttftAtConcurrencyOne();
		pacingAtConcurrencyEight();
		openLoop();
		poisson();
		cancel();
		Path out = Path.of(System.getProperty("deepstress.bench.report", "engine-precision.txt"));
		Files.writeString(out, report);
	}

	private void ttftAtConcurrencyOne() throws Exception {
		try (Simulator sim = Simulator.start(settings(100, 10, 16))) {
			EngineFixture f = new EngineFixture();
			RunSummary s = f.run(TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), REQUESTS, 1),
					Limits.singlePass().withWarmup(20)), 600);
			assertEquals(REQUESTS, s.succeeded());
			Spread overhead = GroundTruth.ttftOverhead(sim, f.finals());
			Spread server = GroundTruth.serverTtft(sim, f.finals());
			line("TTFT, concurrency 1, %d requests after 20 warm-up (simulator 100 ms): client minus server %s;"
					+ " within 5 ms: %.1f %%; run's p50 %.2f ms vs the server's median %.2f ms", REQUESTS, overhead,
					overhead.shareAtMost(5_000_000L) * 100, s.ttft().p50(), Spread.ms(server.median()));
			line("the simulator's own TTFT (setting 100 ms, arrival to first token written): %s", server);
		}
	}

	private void pacingAtConcurrencyEight() throws Exception {
		try (Simulator sim = Simulator.start(settings(30, 10, 20))) {
			EngineFixture f = new EngineFixture();
			RunSummary s = f.run(TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 50, 8), Limits.requests(200)), 600);
			Spread itl = GroundTruth.serverMeanItl(sim, f.finals());
			line("ITL, concurrency 8, 200 requests (simulator 10 ms): client p50 %.2f ms, p99 %.2f ms vs the server's"
					+ " median gap %.2f ms; TPOT mean %.2f ms vs the server's mean gap %.2f ms", s.itl().p50(),
					s.itl().p99(), Spread.ms(itl.median()), s.tpot().mean(), itl.mean() / 1e6);
		}
	}

	private void openLoop() throws Exception {
		try (Simulator sim = Simulator.start(settings(5, 1, 8))) {
			EngineFixture f = new EngineFixture();
			RunConfig config = TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 50, 1), Limits.requests(600))
					.withLoad(new Load.OpenLoop(200, false, 128));
			RunSummary s = f.run(config, 600);
			line("open loop 200 req/s, 600 requests: achieved %.2f req/s (%+.2f %%), the server saw %.2f req/s;"
					+ " lateness against the schedule at the server %s", s.achievedRate(),
					(s.achievedRate() - 200) / 2, GroundTruth.serverRate(sim), GroundTruth.lateness(sim, 200));
		}
	}

	private void poisson() throws Exception {
		try (Simulator sim = Simulator.start(settings(1, 1, 2))) {
			EngineFixture f = new EngineFixture();
			RunConfig config = TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 10, 1), Limits.requests(400))
					.withLoad(new Load.OpenLoop(400, true, 64));
			RunSummary s = f.run(config, 600);
			Spread gaps = GroundTruth.arrivalGaps(sim);
			line("Poisson 400 req/s, 400 requests: achieved %.1f req/s (%+.1f %%), gaps' coefficient of variation %.2f"
					+ " (exponential: 1)", s.achievedRate(), (s.achievedRate() - 400) / 4,
					gaps.standardDeviation() / gaps.mean());
		}
	}

	private void cancel() throws Exception {
		try (Simulator sim = Simulator.start(settings(10, 100, 100))) {
			EngineFixture f = new EngineFixture();
			RunHandle run = f.start(TestRuns.simple(sim.baseUrl(), 20, 4));
			long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (sim.records().stream().filter(r -> r.firstContentNanos() > 0).count() < 4 && System.nanoTime() < wait) {
				Thread.sleep(10);
			}
			Thread.sleep(200);
			long t0 = System.nanoTime();
			run.cancel();
			RunSummary s = run.completion().get(60, TimeUnit.SECONDS);
			long took = System.nanoTime() - t0;
			List<RequestResult> finals = f.finals();
			line("Stop with 4 streams in flight (10 s each): the run ended %.1f ms later, status %s, %d results", took / 1e6,
					s.status(), finals.size());
		}
	}
}
