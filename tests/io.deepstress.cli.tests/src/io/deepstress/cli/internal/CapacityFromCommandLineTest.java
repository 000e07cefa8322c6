package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.simulator.CapacityModel;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** {@code deepstress capacity} against a simulator with a capacity model of 2 slots: its contract and exit codes. */
class CapacityFromCommandLineTest {

	private static final Path DIR = Path.of(System.getProperty("deepstress.test.dir", "target/cli-tests"));

	private static Simulator simulator() {
		return Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(10))
				.withItl(Duration.ofMillis(50)).withOutputTokenRange(8, 16), CapacityModel.slots(2));
	}

	@Test
	void findsTheSlotsAndWritesTheAnswerItsIntervalAndEveryLevel() throws Exception {
		Files.createDirectories(DIR);
		Path out = DIR.resolve("capacity.json");
		Files.deleteIfExists(out);
		try (Simulator sim = simulator()) {
			Cli.Result r = Cli.run("capacity", "--url", sim.baseUrl(), "--model", "deepstress-sim", "--slo",
					"ttft<=60ms,attainment>=70%", "--min", "1", "--max", "8", "--level-duration", "1.5", "--repeats",
					"3", "--max-error-rate", "0.2", "--out", out.toString());
			assertEquals(0, r.code(), r.out() + r.err());
			assertTrue(r.out().startsWith("2 concurrent users at TTFT <= 60 ms, attainment >= 70 % (95 % CI 2"),
					r.out());
			assertTrue(r.out().contains("goodput "), r.out());
			assertTrue(r.err().contains("deepstress capacity: level 1: 1 passed"), r.err());
			JsonNode json = CliJson.read(Files.readString(out));
			assertEquals(2, json.get("answer").asInt());
			assertTrue(json.get("interval").get(0).asDouble() <= 2 && json.get("interval").get(1).asDouble() >= 2,
					json.get("interval").toString());
			assertEquals(0.95, json.get("confidence").asDouble());
			assertEquals("cliff", json.get("boundary").asText());
			assertTrue(json.get("batch_id").isTextual());
			JsonNode levels = json.get("levels");
			assertTrue(levels.size() >= 3, levels.toString());
			for (JsonNode l : levels) {
				assertTrue(l.get("runs").size() >= 1 && l.get("attainment").isNumber() && l.get("passed").isBoolean(),
						l.toString());
				assertTrue(l.get("runs").get(0).get("run_id").isTextual());
			}
			assertTrue(r.out().contains("  batch       " + json.get("batch_id").asText()), r.out());
		}
	}

	@Test
	void whenEvenTheLowestLevelFailsItExitsOneAndStillWritesWhatItRan() throws Exception {
		Files.createDirectories(DIR);
		Path out = DIR.resolve("capacity-low.json");
		Files.deleteIfExists(out);
		try (Simulator sim = simulator()) {
			Cli.Result r = Cli.run("capacity", "--url", sim.baseUrl(), "--model", "deepstress-sim", "--slo",
					"ttft<=60ms,attainment>=70%", "--min", "6", "--max", "8", "--level-duration", "1", "--quiet",
					"--no-save", "--out", out.toString());
			assertEquals(1, r.code(), r.out() + r.err());
			assertEquals("Even the lowest level (6 concurrent users) misses the SLO TTFT <= 60 ms, attainment >= 70 %.",
					r.out().lines().findFirst().orElse(""));
			assertEquals("", r.err());
			JsonNode json = CliJson.read(Files.readString(out));
			assertTrue(json.get("answer").isNull());
			assertEquals("lowest-fails", json.get("stop").asText());
			assertEquals(6, json.get("levels").get(0).get("level").asInt());
		}
	}

	@Test
	void badCommandLinesExitTwo() throws Exception {
		Path out = DIR.resolve("never.json");
		Cli.Result badSlo = Cli.run("capacity", "--url", "builtin", "--slo", "ttft_p99<=5xs", "--out", out.toString());
		assertEquals(2, badSlo.code(), badSlo.err());
		assertTrue(badSlo.firstError().contains("'ttft_p99<=5xs'"), badSlo.firstError());
		Cli.Result noSlo = Cli.run("capacity", "--url", "builtin", "--out", out.toString());
		assertEquals(2, noSlo.code(), noSlo.err());
		Cli.Result empty = Cli.run("capacity", "--url", "builtin", "--slo", "ttft<=1s", "--min", "8", "--max", "4",
				"--out", out.toString());
		assertEquals(2, empty.code(), empty.err());
		assertEquals("deepstress capacity: The range is empty: the highest level (4) is below the lowest (8)",
				empty.firstError());
		Cli.Result by = Cli.run("capacity", "--url", "builtin", "--slo", "ttft<=1s", "--by", "users", "--out",
				out.toString());
		assertEquals(2, by.code(), by.err());
		Cli.Result sweep = Cli.run("capacity", "--url", "builtin", "--slo", "ttft<=1s", "--sweep", "1,2", "--out",
				out.toString());
		assertEquals(2, sweep.code(), sweep.err());
		assertTrue(!Files.exists(out), "nothing written");
	}
}
