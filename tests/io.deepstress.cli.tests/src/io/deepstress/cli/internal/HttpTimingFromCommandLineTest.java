package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * {@code deepstress run --out} has the run's {@code http_timing} (reused share, p50/p99 per phase), each sample of
 * {@code --samples} its {@code http} object, the run's table and {@code runs show} the same figures as text (read
 * back from the store); an open loop's timeline has {@code queue_delay_p99_ms}.
 */
class HttpTimingFromCommandLineTest {

	private static final Path DIR = Path.of(System.getProperty("deepstress.test.dir", "target/cli-tests"));

	@Test
	void aRunsHttpTimingIsInItsOutputItsSamplesAndItsStoredRecord() throws Exception {
		Files.createDirectories(DIR);
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(60))
				.withItl(Duration.ofMillis(5)).withOutputTokenRange(4, 4))) {
			Path out = DIR.resolve("http-timing.json");
			Path samples = DIR.resolve("http-timing-samples.jsonl");
			Files.deleteIfExists(out);
			Files.deleteIfExists(samples);
			Cli.Result r = Cli.run("run", "--url", sim.baseUrl(), "--model", "deepstress-sim", "--concurrency", "2",
					"--requests", "10", "--server-metrics", "off", "--out", out.toString(), "--samples",
					samples.toString());
			assertEquals(0, r.code(), r.out() + r.err());
			JsonNode http = CliJson.read(Files.readString(out)).get("http_timing");
			assertTrue(http != null && http.isObject(), "http_timing in --out");
			assertEquals(10, http.get("timed").asLong(), http.toString());
			double reused = http.get("reused_share").asDouble();
			assertTrue(reused >= 0.6 && reused <= 0.9, "2 connections for 10 requests: " + http);
			for (String phase : new String[] { "queued", "connect", "headers", "first_byte", "first_content" }) {
				assertTrue(http.get(phase + "_p50_ms").asDouble() >= 0, phase + " in " + http);
				assertTrue(http.get(phase + "_p99_ms").asDouble() >= http.get(phase + "_p50_ms").asDouble(), http.toString());
			}
			assertFalse(http.has("tls_p50_ms"), "no TLS over plain HTTP: " + http);
			long withHttp = Files.readAllLines(samples).stream().map(CliJson::read).filter(s -> s.has("http")).count();
			assertEquals(10, withHttp);
			assertTrue(r.out().contains("  http        10 timed, "), r.out());
			java.util.regex.Matcher id = java.util.regex.Pattern.compile("saved       run (\\S+) in").matcher(r.out());
			assertTrue(id.find(), r.out());
			Cli.Result stored = Cli.run("runs", "show", id.group(1));
			assertTrue(stored.out().contains("  http        10 timed, "), stored.out());
			assertTrue(stored.out().contains(" headers "), stored.out());
		}
	}

	@Test
	void anOpenLoopsTimelineHasItsQueueingDelay() throws Exception {
		Files.createDirectories(DIR);
		Path out = DIR.resolve("queue-delay.json");
		Files.deleteIfExists(out);
		Cli.Result r = Cli.run("run", "--url", "builtin", "--rate", "20", "--requests", "10", "--max-tokens", "2",
				"--quiet", "--no-save", "--out", out.toString());
		assertEquals(0, r.code(), r.out() + r.err());
		JsonNode timeline = CliJson.read(Files.readString(out)).get("timeline");
		boolean any = false;
		for (JsonNode p : timeline) {
			assertTrue(p.has("queue_delay_p99_ms"), p.toString());
			any |= p.get("queue_delay_p99_ms").isNumber() && p.get("queue_delay_p99_ms").asDouble() >= 0;
		}
		assertTrue(any, timeline.toString());
	}
}
