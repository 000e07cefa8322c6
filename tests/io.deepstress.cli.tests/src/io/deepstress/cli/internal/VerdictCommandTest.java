package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** {@code runs compare --verdict [--fail-on-regression]} and {@code runs baseline} on runs of real simulators. */
class VerdictCommandTest {

	private static SimulatorSettings pacing(long ttftMs) {
		return SimulatorSettings.defaults().withTtft(Duration.ofMillis(ttftMs)).withItl(Duration.ofMillis(4))
				.withDefaultOutputTokens(8);
	}

	/** Runs 80 requests at concurrency 4 against the simulator and returns the stored run's id. */
	static String run(Simulator sim, String name) throws Exception {
		Cli.Result r = Cli.run("run", "--url", sim.baseUrl(), "--model", "deepstress-sim", "--requests", "80", "--warmup", "8", "--concurrency", "4",
				"--name", name, "--quiet");
		assertEquals(0, r.code(), r.err());
		Matcher m = Pattern.compile("saved\\s+run (\\S+) in").matcher(r.out());
		assertTrue(m.find(), r.out());
		return m.group(1);
	}

	@Test
	void aSlowerRunFailsTheGateAndAFasterOnePassesIt() throws Exception {
		String name = "verdict-" + UUID.randomUUID();
		String base;
		String slower;
		try (Simulator sim = Simulator.start(pacing(200))) {
			base = run(sim, name);
		}
		try (Simulator sim = Simulator.start(pacing(400))) {
			slower = run(sim, name);
		}
		Cli.Result ok = Cli.run("runs", "compare", slower, base, "--verdict", "--fail-on-regression");
		assertEquals(0, ok.code(), ok.out() + ok.err());
		assertTrue(ok.out().contains("no regression"), ok.out());
		assertTrue(ok.out().lines().anyMatch(l -> l.startsWith("TTFT p50 (ms)") && l.endsWith("better")), ok.out());
		assertTrue(!ok.out().contains("NaN") && !ok.out().contains("null"), ok.out());

		Cli.Result bad = Cli.run("runs", "compare", base, slower, "--verdict", "--fail-on-regression");
		assertEquals(1, bad.code(), bad.out() + bad.err());
		assertTrue(bad.out().lines().anyMatch(l -> l.startsWith("TTFT p50 (ms)") && l.endsWith("worse")), bad.out());
		assertTrue(bad.out().contains("regression: TTFT p50"), bad.out());
		Cli.Result shown = Cli.run("runs", "compare", base, slower, "--verdict");
		assertEquals(0, shown.code(), "without --fail-on-regression a regression is only shown");

		// against the baseline of the run's scope (here: its name, no configuration)
		Cli.Result none = Cli.run("runs", "compare", slower, "--verdict");
		assertEquals(2, none.code(), none.err());
		assertTrue(none.err().contains("has no baseline"), none.err());
		Cli.Result marked = Cli.run("runs", "baseline", base);
		assertEquals(0, marked.code(), marked.err());
		assertEquals("run " + base + " is the baseline of '" + name + "'", marked.out().strip());
		Cli.Result list = Cli.run("runs", "baseline");
		assertTrue(list.out().contains(name) && list.out().contains(base), list.out());
		Cli.Result gate = Cli.run("runs", "compare", slower, "--verdict", "--fail-on-regression");
		assertEquals(1, gate.code(), gate.out() + gate.err());
		assertTrue(gate.out().startsWith("verdict: " + slower + " against the baseline " + base), gate.out());
		Cli.Result itself = Cli.run("runs", "compare", base, "--verdict");
		assertEquals(2, itself.code());
		assertTrue(itself.err().contains("is itself the baseline"), itself.err());
		assertEquals(0, Cli.run("runs", "baseline", slower).code(), "the next mark replaces it");
		assertEquals(0, Cli.run("runs", "compare", base, "--verdict", "--fail-on-regression").code(),
				"the faster run against the slower baseline");
		assertEquals(0, Cli.run("runs", "baseline", "--clear", name).code());
		assertEquals(2, Cli.run("runs", "compare", slower, "--verdict").code());
	}

	@Test
	void unknownRunsAndBadOptionsExitTwo() throws Exception {
		Cli.Result r = Cli.run("runs", "compare", "no-such-run", "other-run", "--verdict");
		assertEquals(2, r.code(), r.err());
		assertEquals("deepstress runs: no run no-such-run", r.firstError());
		Cli.Result batches = Cli.run("runs", "compare", "no-such-batch", "other", "--verdict", "--batches");
		assertEquals(2, batches.code());
		assertEquals("deepstress runs: no runs in batch no-such-batch", batches.firstError());
		assertEquals(2, Cli.run("runs", "compare", "--verdict").code());
		Cli.Result conf = Cli.run("runs", "compare", "a", "b", "--verdict", "--confidence", "2");
		assertEquals(2, conf.code());
		assertTrue(conf.firstError().contains("--confidence must be between 0.5 and 1"), conf.err());
		Cli.Result mark = Cli.run("runs", "baseline", "no-such-run");
		assertEquals(1, mark.code());
		assertEquals("deepstress runs: no run no-such-run", mark.firstError());
	}
}
