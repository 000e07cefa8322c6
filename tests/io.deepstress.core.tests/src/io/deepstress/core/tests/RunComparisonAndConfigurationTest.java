package io.deepstress.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.deepstress.core.metrics.RunComparison;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;

class RunComparisonAndConfigurationTest {

	private static RunSummary run(String name, long total, long failed, double rps, double ttftP50) {
		LatencyStats ttft = new LatencyStats(total, ttftP50, ttftP50, ttftP50, ttftP50, ttftP50, ttftP50);
		return new RunSummary(name, name, "m", "closed", 1, RunStatus.COMPLETED, null, 0, 1000, 1, total, total - failed,
				failed, total, 0, 0, 0, 0, rps, 0, Double.NaN, Double.NaN, ttft, LatencyStats.EMPTY, LatencyStats.EMPTY,
				LatencyStats.EMPTY, Map.of(), List.of(), 0, 0, 0);
	}

	@Test
	void changesAreAgainstTheFirstRunAndTheBestIsMarkedOnlyWhenUnique() {
		RunComparison cmp = RunComparison.of(List.of(run("a", 100, 0, 50, 20), run("b", 100, 5, 25, 30),
				run("c", 100, 0, 100, 20)));
		RunComparison.Row rps = cmp.row("throughput").orElseThrow();
		assertEquals(List.of(0.0, -50.0, 100.0), rps.changes());
		assertEquals(2, rps.best());
		assertEquals(-1, cmp.row("TTFT p50").orElseThrow().best(), "a and c tie for the lowest TTFT");
		RunComparison.Row failed = cmp.row("failed").orElseThrow();
		assertTrue(Double.isNaN(failed.changes().get(1)), "no change against a baseline of 0");
		assertEquals(-1, failed.best(), "two runs without failures tie");
		assertEquals(-1, cmp.row("requests").orElseThrow().best(), "a count is neither better nor worse");
		assertTrue(Double.isNaN(cmp.row("E2E p99").orElseThrow().values().get(0)), "no E2E values: NaN");
		assertThrows(IllegalArgumentException.class, () -> RunComparison.of(List.of()));
	}

	@Test
	void aConfigurationResolvesAgainstItsEndpointAndDatasets() {
		Endpoint e = Endpoint.create("lab", "http://127.0.0.1:9/v1", ApiKind.COMPLETIONS, "llama")
				.with(Map.of("X-A", "1"), false, new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)));
		TestConfiguration c = TestConfiguration.create(" soak ", e.id(), List.of(new TestConfiguration.Share("d", 2)),
				new Load.ClosedLoop(8), null, null, null, null);
		assertEquals("soak", c.name());
		assertEquals(Limits.singlePass(), c.limits(), "defaults: one pass, streaming, no retries");
		assertEquals(RequestOptions.defaults(), c.request());
		assertEquals(RetryPolicy.none(), c.retry());
		Dataset d = new Dataset("d", List.of(new Prompt("1", "hi")));
		RunConfig run = c.toRunConfig(e, "http://127.0.0.1:10/v1", "secret", name -> name.equals("d") ? d : null);
		assertEquals("http://127.0.0.1:10/v1/completions", run.target().url());
		assertEquals("llama", run.target().model());
		assertEquals("secret", run.target().apiKey());
		assertEquals(Duration.ofSeconds(2), run.timeouts().firstToken());
		assertEquals(2.0, run.datasets().get(0).weight());
		IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
				() -> c.toRunConfig(e, e.baseUrl(), null, name -> null));
		assertTrue(missing.getMessage().contains("'d'"), missing.getMessage());
		assertThrows(IllegalArgumentException.class, () -> c.toRunConfig(Endpoint.builtinSimulator(), "http://127.0.0.1:1/v1",
				null, name -> d), "another endpoint");
		assertThrows(IllegalArgumentException.class, () -> TestConfiguration.create("x", e.id(), List.of(),
				new Load.ClosedLoop(1), null, null, null, null));
		assertThrows(IllegalArgumentException.class, () -> new TestConfiguration.Share("d", 0));
	}

	@Test
	void aSweepConfigurationExpandsToOneRunPerLevelNamedAfterIt() {
		Endpoint e = Endpoint.create("lab", "http://127.0.0.1:9/v1", ApiKind.CHAT, "m");
		Dataset d = new Dataset("d", List.of(new Prompt("1", "hi")));
		TestConfiguration one = TestConfiguration.create("soak", e.id(), List.of(new TestConfiguration.Share("d", 1)),
				new Load.ClosedLoop(4), Limits.requests(10), null, null, null);
		assertEquals(List.of(), one.sweep(), "no sweep unless asked for");
		assertFalse(one.isSweep());
		List<RunConfig> single = one.toRunConfigs(e, e.baseUrl(), null, n -> d);
		assertEquals(1, single.size());
		assertEquals("soak", single.get(0).name());

		TestConfiguration closed = one.withSweep(List.of(1.0, 8.0, 32.0));
		assertEquals(one.id(), closed.id());
		assertTrue(closed.isSweep());
		assertEquals("1,8,32", closed.sweepText());
		List<RunConfig> runs = closed.toRunConfigs(e, e.baseUrl(), null, n -> d);
		assertEquals(List.of("soak c1", "soak c8", "soak c32"), runs.stream().map(RunConfig::name).toList());
		assertEquals(List.of(new Load.ClosedLoop(1), new Load.ClosedLoop(8), new Load.ClosedLoop(32)),
				runs.stream().map(RunConfig::load).toList());
		assertEquals(Limits.requests(10), runs.get(2).limits(), "every level runs the same requests");
		assertEquals(List.of(1.0, 8.0, 32.0), closed.copyAs("copy").sweep(), "a copy keeps the sweep");

		TestConfiguration open = TestConfiguration.create("o", e.id(), List.of(new TestConfiguration.Share("d", 1)),
				new Load.OpenLoop(5, true, 64), null, null, null, null).withSweep(List.of(2.5, 20.0));
		assertEquals("2.5,20", open.sweepText());
		List<RunConfig> rates = open.toRunConfigs(e, e.baseUrl(), null, n -> d);
		assertEquals(List.of("o r2.5/s", "o r20/s"), rates.stream().map(RunConfig::name).toList());
		assertEquals(new Load.OpenLoop(20, true, 64), rates.get(1).load(), "Poisson and the cap kept");

		IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
				() -> one.withSweep(List.of(1.0, 2.5)));
		assertTrue(fraction.getMessage().contains("2.5"), fraction.getMessage());
		assertThrows(IllegalArgumentException.class, () -> one.withSweep(List.of(0.0)));
		assertThrows(IllegalArgumentException.class, () -> open.withSweep(List.of(-1.0)));
		assertThrows(IllegalArgumentException.class, () -> open.withSweep(List.of(Double.NaN)));
		assertEquals(List.of(), one.withSweep(null).sweep());
	}
}
