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

/**
 * A capacity search is stored with its batch: {@code deepstress report --batch} of it has the capacity section (the
 * answer sentence, the goodput and latency curves with the SLO line and the interval band), opened in headless
 * Chromium; {@code --resume} of a complete search, or with a different SLO, is refused with exit 2.
 */
class CapacityReportTest {

	private static final Path DIR = Path.of(System.getProperty("deepstress.test.dir", "target/cli-tests"), "capacity");

	@Test
	void theReportOfASearchBatchHasItsAnswerAndCurveAndResumeRefusesWhatDoesNotContinueIt() throws Exception {
		Files.createDirectories(DIR);
		Path out = DIR.resolve("search.json");
		String batch;
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(10))
				.withItl(Duration.ofMillis(50)).withOutputTokenRange(8, 16), CapacityModel.slots(2))) {
			Cli.Result r = Cli.run("capacity", "--url", sim.baseUrl(), "--model", "deepstress-sim", "--slo",
					"ttft<=60ms,attainment>=70%", "--min", "1", "--max", "8", "--level-duration", "1.5",
					"--max-error-rate", "0.2", "--out", out.toString());
			assertEquals(0, r.code(), r.out() + r.err());
			batch = CliJson.read(Files.readString(out)).get("batch_id").asText();
			String searched = batch;
			assertTrue(r.err().startsWith("deepstress capacity: batch " + batch + "\n"), r.err());

			Cli.Result listed = Cli.run("runs", "searches");
			assertEquals(0, listed.code(), listed.err());
			assertTrue(listed.out().lines().anyMatch(l -> l.startsWith(searched + "  complete") && l.contains(
					"2 concurrent users at TTFT <= 60 ms")), listed.out());
			Cli.Result partialOnly = Cli.run("runs", "searches", "--partial");
			assertTrue(partialOnly.out().lines().noneMatch(l -> l.startsWith(searched)), partialOnly.out());

			Cli.Result done = Cli.run("capacity", "--url", sim.baseUrl(), "--model", "deepstress-sim", "--slo",
					"ttft<=60ms,attainment>=70%", "--min", "1", "--max", "8", "--level-duration", "1.5",
					"--max-error-rate", "0.2", "--resume", batch, "--out", DIR.resolve("never.json").toString());
			assertEquals(2, done.code(), done.out() + done.err());
			assertTrue(done.err().contains("is complete (found): nothing to resume"), done.err());
			Cli.Result other = Cli.run("capacity", "--url", sim.baseUrl(), "--model", "deepstress-sim", "--slo",
					"ttft<=90ms", "--min", "1", "--max", "8", "--resume", batch, "--out",
					DIR.resolve("never.json").toString());
			assertEquals(2, other.code(), other.err());
			assertTrue(other.err().contains("No capacity search") || other.err().contains("is complete"), other.err());
			Cli.Result unknown = Cli.run("capacity", "--url", sim.baseUrl(), "--model", "deepstress-sim", "--slo",
					"ttft<=60ms,attainment>=70%", "--resume", "no-such-batch", "--out", DIR.resolve("never.json").toString());
			assertEquals(2, unknown.code(), unknown.err());
			assertEquals("deepstress capacity: No capacity search is stored under batch 'no-such-batch'",
					unknown.firstError());
			assertTrue(!Files.exists(DIR.resolve("never.json")));
		}
		JsonNode json = CliJson.read(Files.readString(out));
		Path file = DIR.resolve("search.html");
		Cli.Result r = Cli.run("report", "--batch", batch, "--out", file.toString());
		assertEquals(0, r.code(), r.err());
		Chromium.Page page = Chromium.open(file, DIR.resolve("page"));
		ReportCommandTest.assertSelfContained(page);
		String dom = page.dom();
		assertTrue(dom.contains("id=\"capacity\""), "a capacity section");
		assertTrue(dom.contains(json.get("message").asText().replace("<", "&lt;").replace(">", "&gt;")), dom);
		assertTrue(dom.contains("2 concurrent users at TTFT &lt;= 60 ms"), dom);
		assertTrue(dom.contains("Search complete (found)"), dom);
		for (String chart : new String[] { "capacity-goodput", "capacity-latency" }) {
			assertEquals(1, ReportCommandTest.count(dom, "data-chart=\"" + chart + "\""), chart);
		}
		assertEquals(2, ReportCommandTest.count(dom, "class=\"band\""), "the interval band on both charts");
		assertTrue(dom.contains("SLO ttft&lt;=60ms"), "the SLO line");
		assertTrue(dom.contains("data-series=\"goodput req/s\"") && dom.contains("data-series=\"TTFT p99\""), dom);
		// one row per level in the levels table, after its head
		int rows = ReportCommandTest.count(dom.substring(dom.indexOf("goodput tok/s")), "<tr>");
		assertTrue(rows >= json.get("levels").size(), rows + " rows for " + json.get("levels").size() + " levels");
	}
}
