package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSampleSink;
import io.deepstress.core.services.RunStore;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * {@code deepstress report}: the file opens in headless Chromium with every chart and section present, and loads
 * nothing from the network or from other files.
 */
class ReportCommandTest {

	private static final Path DIR = Path.of(System.getProperty("deepstress.test.dir", "target/cli-tests"), "reports");

	private static SimulatorSettings settings(long ttftMs) {
		return SimulatorSettings.defaults().withTtft(Duration.ofMillis(ttftMs)).withItl(Duration.ofMillis(3))
				.withDefaultOutputTokens(8).withRate500(0.1).withSeed(7);
	}

	private static String run(Simulator sim, String name, String... more) throws Exception {
		List<String> args = new ArrayList<>(List.of("run", "--url", sim.baseUrl(), "--model", "deepstress-sim",
				"--requests", "60", "--concurrency", "4", "--name", name, "--quiet"));
		args.addAll(List.of(more));
		Cli.Result r = Cli.run(args.toArray(String[]::new));
		assertEquals(0, r.code(), r.err());
		Matcher m = Pattern.compile("saved\\s+run (\\S+) in").matcher(r.out());
		assertTrue(m.find(), r.out());
		return m.group(1);
	}

	private static <T> T service(Class<T> type) throws InterruptedException {
		BundleContext context = FrameworkUtil.getBundle(ReportCommandTest.class).getBundleContext();
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T service = tracker.waitForService(15_000);
		assertTrue(service != null, type.getSimpleName() + " service");
		return service;
	}

	/** What a self-contained page must not have: scripts, links, sources, CSS URLs, imports. */
	static void assertSelfContained(Chromium.Page page) {
		assertEquals(List.of(), page.pageRequests(), "the page requested nothing from the network");
		String dom = page.dom().toLowerCase(java.util.Locale.ROOT);
		for (String banned : List.of("<script", "<link", "<iframe", "<img", " src=", " href=", "url(", "@import")) {
			assertFalse(dom.contains(banned), "no '" + banned + "' in the report");
		}
		assertFalse(page.dom().contains("NaN"), "no NaN shown");
		assertFalse(page.dom().matches("(?s).*>\\s*null\\s*<.*"), "no null shown");
	}

	static int count(String text, String what) {
		int n = 0;
		for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
			n++;
		}
		return n;
	}

	@Test
	void aRunReportOpensOfflineWithEveryChartAndSection() throws Exception {
		Files.createDirectories(DIR);
		String name = "report-" + UUID.randomUUID();
		String base;
		String run;
		try (Simulator sim = Simulator.start(settings(40))) {
			base = run(sim, name);
		}
		try (Simulator sim = Simulator.start(settings(90))) {
			run = run(sim, name, "--slo", "ttft_p99<=10s,e2e<=30s"); // holds at TTFT 90 ms; the 500s miss it
		}
		assertEquals(0, Cli.run("runs", "baseline", base).code());
		// GPU samples recorded with the run, as the launch service's GPU routing stores them
		RunStore store = service(RunStore.class);
		long start = store.find(run).orElseThrow().startEpochMillis();
		List<GpuSample> gpu = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			gpu.add(new GpuSample(start + 500L * i, "localhost", 0, "GPU-test", "Test GPU", 40.0 + 10 * i, 1000L + i, 8192L,
					50.0, 120.0 + i, 300.0, 1500L, null));
		}
		service(GpuSampleSink.class).accept(run, gpu);
		long deadline = System.currentTimeMillis() + 10_000;
		while (store.gpuSamples(run).size() < 5 && System.currentTimeMillis() < deadline) {
			Thread.sleep(50);
		}
		assertEquals(5, store.gpuSamples(run).size());

		Path file = DIR.resolve(name + ".html");
		Cli.Result r = Cli.run("report", run, "--out", file.toString());
		assertEquals(0, r.code(), r.err());
		assertEquals("wrote the report of run " + run + " to " + file, r.out().strip());

		Chromium.Page page = Chromium.open(file, DIR.resolve(name));
		assertSelfContained(page);
		for (String chart : List.of("latency", "throughput", "inflight", "gpu-utilisation")) {
			assertEquals(1, count(page.dom(), "data-chart=\"" + chart + "\""), chart + " chart");
		}
		assertTrue(count(page.dom(), "<circle") > 50, "the latency chart has a dot per request");
		assertTrue(page.dom().contains("<polyline"), "line charts have lines");
		for (String section : List.of("environment", "configuration", "statistics", "slo", "verdict", "errors",
				"saturation", "gpu")) {
			assertTrue(page.dom().contains("<section id=\"" + section + "\""), section + " section");
		}
		assertTrue(page.dom().contains(sim(run)), "the endpoint URL is shown");
		assertTrue(page.dom().contains("http-5xx") || page.dom().contains("http-500"), "the simulator's 500s are listed");
		assertTrue(page.dom().contains("Against the baseline run " + base), "the verdict names the baseline");
		assertTrue(page.dom().contains("class=\"worse\""), "TTFT 40 → 90 ms is a regression");
		assertTrue(page.dom().contains("Test GPU"), "the GPU summary");
		String slo = page.dom().substring(page.dom().indexOf("<section id=\"slo\""));
		slo = slo.substring(0, slo.indexOf("</section>"));
		assertTrue(slo.contains("ttft_p99&lt;=10s") || slo.contains("ttft_p99<=10s"), slo);
		assertTrue(slo.contains("(holds)") && slo.contains("passed"), "the run-level limits held: " + slo);
		assertTrue(slo.contains(" of 60"), "attainment over the 60 measured requests: " + slo);
	}

	/** The endpoint URL as the run recorded it. */
	private static String sim(String runId) throws Exception {
		return service(RunStore.class).record(runId).orElseThrow().endpointUrl();
	}

	@Test
	void aBatchReportHasTheCurvesOfItsRuns() throws Exception {
		Files.createDirectories(DIR);
		String name = "sweep-" + UUID.randomUUID();
		Path json = DIR.resolve(name + ".json");
		try (Simulator sim = Simulator.start(settings(30))) {
			Cli.Result r = Cli.run("run", "--url", sim.baseUrl(), "--model", "deepstress-sim", "--requests", "24",
					"--sweep", "1,2,4", "--name", name, "--quiet", "--out", json.toString());
			assertEquals(0, r.code(), r.err());
		}
		Matcher m = Pattern.compile("\"batch_id\":\"([^\"]+)\"").matcher(Files.readString(json));
		assertTrue(m.find(), Files.readString(json));
		Path file = DIR.resolve(name + ".html");
		Cli.Result r = Cli.run("report", "--batch", m.group(1), "--out", file.toString());
		assertEquals(0, r.code(), r.err());
		Chromium.Page page = Chromium.open(file, DIR.resolve(name));
		assertSelfContained(page);
		for (String chart : List.of("batch-latency", "batch-throughput", "batch-tokens")) {
			assertEquals(1, count(page.dom(), "data-chart=\"" + chart + "\""), chart + " chart");
		}
		assertTrue(page.dom().contains(">concurrency<"), "the levels are the x axis");
		assertEquals(5 + 1 + 1, count(page.dom(), "<polyline"), "a line per series: five percentiles, throughput, tokens");
		assertTrue(page.dom().contains("closed loop, concurrency 4"), page.dom());
	}

	@Test
	void theCheckSeesAPageThatLoadsFromTheNetwork() throws Exception {
		// the negative control: the same check flags a page that fetches an image and a style sheet
		Files.createDirectories(DIR);
		Path file = DIR.resolve("leaky.html");
		Files.writeString(file, "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"http://127.0.0.1:9/x.css\">"
				+ "</head><body><img src=\"http://127.0.0.1:9/x.png\"></body></html>");
		Chromium.Page page = Chromium.open(file, DIR.resolve("leaky"));
		assertTrue(page.pageRequests().contains("http://127.0.0.1:9/x.png"), page.pageRequests().toString());
		assertTrue(page.pageRequests().contains("http://127.0.0.1:9/x.css"), page.pageRequests().toString());
	}

	@Test
	void badInputIsAClearMessageAndExitTwo() throws Exception {
		Files.createDirectories(DIR);
		Path file = DIR.resolve("none.html");
		Cli.Result unknown = Cli.run("report", "no-such-run", "--out", file.toString());
		assertEquals(2, unknown.code());
		assertEquals("deepstress report: no run no-such-run", unknown.firstError());
		Cli.Result batch = Cli.run("report", "--batch", "no-such-batch", "--out", file.toString());
		assertEquals(2, batch.code());
		assertEquals("deepstress report: no runs in batch no-such-batch", batch.firstError());
		assertFalse(Files.exists(file), "nothing written");
		assertEquals("deepstress report: --out FILE.html is required", Cli.run("report", "x").firstError());
		assertEquals(2, Cli.run("report", "x", "--batch", "y", "--out", file.toString()).code());
		assertEquals(2, Cli.run("report", "--out", file.toString()).code());
		Path missing = DIR.resolve("no-such-folder").resolve("r.html");
		Cli.Result folder = Cli.run("report", "x", "--out", missing.toString());
		assertEquals(2, folder.code());
		assertTrue(folder.firstError().contains("does not exist"), folder.err());
	}
}
