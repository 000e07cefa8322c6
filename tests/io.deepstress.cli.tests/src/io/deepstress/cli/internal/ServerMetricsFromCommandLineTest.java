package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * {@code deepstress run --out} writes the per-second {@code timeline} and the {@code server_metrics} scraped with
 * {@code --server-metrics auto|URL|off} (the contract of issue 14: field names as written here).
 */
class ServerMetricsFromCommandLineTest {

	private static final Path DIR = Path.of(System.getProperty("deepstress.test.dir", "target/cli-tests"));

	@Test
	void theBuiltinSimulatorHasATimelineAndAutoScrapesNothing() throws Exception {
		Files.createDirectories(DIR);
		Path out = DIR.resolve("timeline-builtin.json");
		Files.deleteIfExists(out);
		Cli.Result r = Cli.run("run", "--url", "builtin", "--concurrency", "2", "--requests", "12", "--max-tokens", "4",
				"--quiet", "--no-save", "--out", out.toString());
		assertEquals(0, r.code(), r.out() + r.err());
		JsonNode json = CliJson.read(Files.readString(out));
		JsonNode timeline = json.get("timeline");
		assertTrue(timeline.isArray() && timeline.size() >= 1, json.toString());
		long completed = 0;
		for (int i = 0; i < timeline.size(); i++) {
			JsonNode p = timeline.get(i);
			assertEquals(i, p.get("t_s").asDouble());
			for (String field : new String[] { "in_flight", "completed", "output_tokens_per_s", "ttft_p50_ms", "ttft_p99_ms" }) {
				assertTrue(p.has(field), field + " in " + p);
			}
			completed += p.get("completed").asLong();
		}
		assertEquals(json.get("requests").get("total").asLong(), completed);
		assertTrue(json.get("server_metrics").isArray() && json.get("server_metrics").isEmpty());
		assertEquals("off", json.get("server_metrics_state").get("state").asText());
		assertEquals("auto: the built-in simulator", json.get("server_metrics_state").get("reason").asText());
	}

	@Test
	void autoScrapesAServersMetricsAndOffDoesNot() throws Exception {
		Files.createDirectories(DIR);
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(20))
				.withItl(Duration.ofMillis(100)).withOutputTokenRange(10, 10))) {
			Path out = DIR.resolve("timeline-scraped.json");
			Files.deleteIfExists(out);
			Cli.Result r = Cli.run("run", "--url", sim.baseUrl(), "--model", "deepstress-sim", "--concurrency", "3",
					"--requests", "9", "--quiet", "--no-save", "--out", out.toString());
			assertEquals(0, r.code(), r.out() + r.err());
			JsonNode json = CliJson.read(Files.readString(out));
			assertEquals("ok", json.get("server_metrics_state").get("state").asText(), json.get("server_metrics_state").toString());
			assertEquals("vllm", json.get("server_metrics_state").get("server").asText());
			JsonNode running = null;
			for (JsonNode s : json.get("server_metrics")) {
				if (s.get("name").asText().equals("vllm:num_requests_running")) {
					running = s;
				}
			}
			assertTrue(running != null, json.get("server_metrics").toString());
			assertEquals("running", running.get("meaning").asText());
			assertEquals("deepstress-sim", running.get("labels").get("model_name").asText());
			assertTrue(running.get("points").size() >= 2, running.toString());
			double max = 0;
			for (JsonNode p : running.get("points")) {
				assertEquals(2, p.size(), "[t_s, value]");
				assertTrue(p.get(0).asDouble() >= 0);
				max = Math.max(max, p.get(1).asDouble());
			}
			assertTrue(max >= 1 && max <= 3, "a closed loop of 3 on the simulator: " + running);

			Path off = DIR.resolve("timeline-off.json");
			Cli.Result o = Cli.run("run", "--url", sim.baseUrl(), "--model", "deepstress-sim", "--requests", "2",
					"--quiet", "--no-save", "--server-metrics", "off", "--out", off.toString());
			assertEquals(0, o.code(), o.out() + o.err());
			JsonNode offJson = CliJson.read(Files.readString(off));
			assertEquals("off", offJson.get("server_metrics_state").get("state").asText());
			assertTrue(offJson.get("server_metrics").isEmpty());
		}
	}

	@Test
	void aBadSettingIsABadCommandLine() throws Exception {
		Cli.Result r = Cli.run("run", "--url", "builtin", "--requests", "1", "--no-save", "--server-metrics", "sometimes");
		assertEquals(2, r.code(), r.err());
		assertEquals("deepstress run: --server-metrics: expected auto, off or an http(s) URL, not 'sometimes'",
				r.firstError());
	}
}
