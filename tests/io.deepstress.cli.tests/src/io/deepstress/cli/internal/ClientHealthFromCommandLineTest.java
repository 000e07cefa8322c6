package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * The watchdog on the command line: a run far beyond what this client sends is stamped client-limited (WARNING,
 * exit 0, {@code client_health} in {@code --out}, the marker in {@code runs list} and {@code runs show}), and
 * {@code deepstress selfcheck} at small levels.
 */
class ClientHealthFromCommandLineTest {

	private static final Path DIR = Path.of(System.getProperty("deepstress.test.dir", "target/cli-tests"));

	@Test
	void anOpenLoopBeyondThisClientWarnsExitsZeroAndIsMarkedWhereverTheRunShows() throws Exception {
		Files.createDirectories(DIR);
		Path out = DIR.resolve("client-limited-" + UUID.randomUUID() + ".json");
		String name = "limited-" + UUID.randomUUID();
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ZERO).withItl(Duration.ZERO)
				.withDefaultOutputTokens(2))) {
			// 800 arrivals due within 4 ms: one scheduler thread cannot send them on time
			Cli.Result r = Cli.run("run", "--url", sim.baseUrl(), "--model", "deepstress-sim", "--rate", "200000", "--concurrency", "800",
					"--requests", "800", "--quiet", "--name", name, "--out", out.toString());
			assertEquals(0, r.code(), "client-limited keeps exit 0: " + r.out() + r.err());
			assertTrue(r.err().lines().anyMatch(l -> l.startsWith("deepstress run: WARNING: run '" + name
					+ "' was client-limited (") && l.contains("open-loop send lateness p99")), r.err());
			assertTrue(r.out().contains("  watchdog    CPU "), r.out());
			assertTrue(r.out().contains("  client-limited: "), r.out());
			JsonNode j = CliJson.read(Files.readString(out));
			assertTrue(j.get("client_limited").asBoolean(), j.toString());
			boolean lateness = false;
			for (JsonNode reason : j.get("client_limited_reasons")) {
				lateness |= reason.asText().startsWith("open-loop send lateness p99");
			}
			assertTrue(lateness, j.toString());
			JsonNode h = j.get("client_health");
			assertEquals(800, h.get("sends").asLong());
			assertTrue(h.get("send_lateness_p99_ms").asDouble() > 2, h.toString());
			assertEquals(0.005, h.get("mean_gap_ms").asDouble(), 1e-9);
			assertTrue(h.get("probes").asLong() >= 0 && h.get("cores").asInt() >= 1, h.toString());
			String id = j.get("run_id").asText();
			Cli.Result show = Cli.run("runs", "show", id);
			assertEquals(0, show.code(), show.err());
			assertTrue(show.out().lines().anyMatch(l -> l.startsWith("  client-limited: ") && l.contains("open-loop send lateness p99")),
					show.out());
			Cli.Result list = Cli.run("runs", "list", "--limit", "200");
			assertTrue(list.out().lines().anyMatch(l -> l.startsWith(id) && l.endsWith("[client-limited]")), list.out());
		}
	}

	@Test
	void aHealthyClosedLoopHasAReportAndNoStamp() throws Exception {
		Files.createDirectories(DIR);
		Path out = DIR.resolve("healthy-" + UUID.randomUUID() + ".json");
		Cli.Result r = Cli.run("run", "--url", "builtin", "--requests", "4", "--no-save", "--quiet", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		JsonNode j = CliJson.read(Files.readString(out));
		JsonNode h = j.get("client_health");
		assertTrue(h.isObject(), j.toString());
		assertEquals(0, h.get("sends").asLong(), "a closed loop has no schedule");
		assertTrue(h.get("send_lateness_p99_ms").isNull(), "not measured is null, never NaN: " + h);
		assertEquals(j.get("client_limited").asBoolean(), j.get("client_limited_reasons").size() > 0, j.toString());
	}

	@Test
	void selfcheckMeasuresAClosedLoopAndOneRate() throws Exception {
		Files.createDirectories(DIR);
		Path out = DIR.resolve("selfcheck-" + UUID.randomUUID() + ".json");
		Cli.Result closed = Cli.run("selfcheck", "--concurrency", "2", "--duration", "1", "--out", out.toString());
		assertEquals(0, closed.code(), closed.out() + closed.err());
		assertTrue(closed.out().contains("  added TTFT  p50 "), closed.out());
		assertFalse(closed.out().contains("NaN") || closed.out().contains("null"), closed.out());
		JsonNode c = CliJson.read(Files.readString(out)).get("closed_loop");
		assertEquals(2, c.get("concurrency").asInt());
		assertTrue(c.get("requests").asLong() > 0, c.toString());
		assertTrue(c.get("added_ttft_p99_ms").asDouble() >= c.get("added_ttft_p50_ms").asDouble(), c.toString());
		assertTrue(c.get("cpu_us_per_token").asDouble() > 0, c.toString());
		assertTrue(c.get("client_health").isObject(), c.toString());
		assertTrue(CliJson.read(Files.readString(out)).get("open_loop") == null, "--concurrency alone: no ramp");

		Cli.Result rate = Cli.run("selfcheck", "--rate", "20", "--duration", "1", "--out", out.toString());
		assertEquals(0, rate.code(), rate.out() + rate.err());
		assertTrue(rate.out().contains("  max rate held within 1 %: "), rate.out());
		JsonNode o = CliJson.read(Files.readString(out)).get("open_loop");
		assertEquals(1, o.get("steps").size(), o.toString());
		JsonNode step = o.get("steps").get(0);
		assertEquals(20, step.get("target_rate").asDouble(), 1e-9);
		double achieved = step.get("achieved_rate").asDouble();
		assertTrue(achieved > 15 && achieved < 25, step.toString());
		boolean held = achieved >= 0.99 * 20 && step.get("failed").asLong() == 0;
		assertEquals(held, step.get("held").asBoolean(), step.toString());
		assertEquals(held, !o.get("max_rate_held").isNull(), o.toString());

		Cli.Result both = Cli.run("selfcheck", "--concurrency", "2", "--rate", "5");
		assertEquals(2, both.code(), both.err());
		assertTrue(both.err().contains("give --concurrency or --rate, not both"), both.err());
	}
}
