package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.timeline.RunTimeline;
import io.deepstress.core.timeline.ServerMeaning;
import io.deepstress.core.timeline.ServerMetricsStatus;
import io.deepstress.core.timeline.ServerSeries;
import io.deepstress.simulator.CapacityModel;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * Server metrics scraped through the launch service: the simulator's /metrics (vLLM names) during a closed loop of
 * 5 users on 2 slots shows its real state at the scrape instants (2 running, 3 waiting, the KV cache full), on the
 * client timeline's clock; off scrapes nothing; a /metrics that is not there is a state with its reason and the run
 * goes on to its end (auto against a host without /metrics: see the scraper's own tests of answers()).
 */
class ServerMetricsRunTest {

	private final LaunchFixture fixture = new LaunchFixture();
	private final LaunchService launches = fixture.service(LaunchService.class);
	private final RunStore store = fixture.service(RunStore.class);

	@AfterEach
	void close() {
		fixture.close();
	}

	private RunTimeline run(RunPlan plan) throws Exception {
		LaunchHandle launch = launches.launch(LaunchRequest.of(plan));
		LaunchResult result = launch.completion().get(120, TimeUnit.SECONDS);
		assertEquals(List.of(), result.unsaved());
		RunSummary s = result.summaries().get(0);
		assertEquals(s.total(), s.succeeded(), "every request succeeds whatever the scraping does");
		return launch.timeline(s.runId()).orElseThrow();
	}

	private static ServerSeries series(RunTimeline t, String name) {
		return t.serverMetrics().stream().filter(s -> s.name().equals(name)).findFirst()
				.orElseThrow(() -> new AssertionError("no " + name + " in " + t.serverMetrics().stream().map(ServerSeries::name).toList()));
	}

	/** The values of the points between {@code from} and {@code to} seconds. */
	private static double[] between(ServerSeries s, double from, double to) {
		return s.points().stream().filter(p -> p[0] >= from && p[0] <= to).mapToDouble(p -> p[1]).toArray();
	}

	@Test
	void theSimulatorsStateAtTheScrapeInstants() throws Exception {
		// each answer holds its slot for 10 ms + 9 x 40 ms = 370 ms; 60 requests on 2 slots take about 11 s
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(10))
				.withItl(Duration.ofMillis(40)).withOutputTokenRange(10, 10), CapacityModel.slots(2))) {
			RunTimeline t = run(RunPlan.of(TimelineTest.config("scraped", sim.baseUrl(), 5, 60)).withServerMetrics("auto"));
			ServerMetricsStatus st = t.serverStatus();
			assertEquals(ServerMetricsStatus.State.OK, st.state(), String.valueOf(st.reason()));
			assertEquals("vllm", st.server());
			assertEquals(sim.baseUrl().replace("/v1", "/metrics"), st.url());
			double end = t.points().size() - 1;
			ServerSeries running = series(t, "vllm:num_requests_running");
			ServerSeries waiting = series(t, "vllm:num_requests_waiting");
			ServerSeries kv = series(t, "vllm:kv_cache_usage_perc");
			assertEquals(ServerMeaning.RUNNING, running.meaning());
			assertEquals(ServerMeaning.WAITING, waiting.meaning());
			assertEquals(ServerMeaning.KV_CACHE_USAGE, kv.meaning());
			assertEquals("deepstress-sim", running.labels().get("model_name"));
			assertTrue(running.points().size() >= 5, "about one scrape a second: " + running.points().size());
			for (double[] p : running.points()) {
				assertTrue(p[1] <= 2, "never more than the slots: " + p[1]);
			}
			for (double[] p : waiting.points()) {
				assertTrue(p[1] <= 3, "never more than the users beyond the slots: " + p[1]);
			}
			// in the steady middle of the run: both slots busy, the three other users queued, the cache full
			assertEquals(2.0, TimelineTest.median(between(running, 1.5, end - 1.5)), Arrays.toString(between(running, 0, end)));
			assertEquals(3.0, TimelineTest.median(between(waiting, 1.5, end - 1.5)), Arrays.toString(between(waiting, 0, end)));
			assertEquals(1.0, TimelineTest.median(between(kv, 1.5, end - 1.5)));
			// the same clock: the client saw 5 in flight in those seconds, and the scrapes lie within the timeline
			double[] inFlight = t.points().subList(2, t.points().size() - 2).stream().mapToDouble(p -> p.inFlight()).toArray();
			assertTrue(TimelineTest.median(inFlight) > 4.5, Arrays.toString(inFlight));
			for (double[] p : running.points()) {
				assertTrue(p[0] >= 0 && p[0] <= end + 2, "scrape at " + p[0] + " s of a " + end + " s timeline");
			}
			// kept with the run
			RunTimeline stored = store.timeline(t.runId()).orElseThrow();
			assertEquals(running.points().size(), stored.serverMetrics().stream()
					.filter(s -> s.name().equals("vllm:num_requests_running")).findFirst().orElseThrow().points().size());
			assertEquals(ServerMetricsStatus.State.OK, stored.serverStatus().state());
		}
	}

	@Test
	void offScrapesNothingAndAMissingEndpointIsAStateWithItsReason() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(10))
				.withItl(Duration.ofMillis(10)).withOutputTokenRange(5, 5))) {
			RunTimeline off = run(RunPlan.of(TimelineTest.config("off", sim.baseUrl(), 2, 10)).withServerMetrics("off"));
			assertEquals(ServerMetricsStatus.State.OFF, off.serverStatus().state());
			assertEquals(List.of(), off.serverMetrics());

			int port;
			try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
				port = free.getLocalPort();
			}
			String nowhere = "http://127.0.0.1:" + port + "/metrics";
			RunTimeline missing = run(RunPlan.of(TimelineTest.config("missing", sim.baseUrl(), 2, 40)).withServerMetrics(nowhere));
			assertEquals(ServerMetricsStatus.State.FAILED, missing.serverStatus().state());
			assertEquals(nowhere, missing.serverStatus().url());
			assertTrue(missing.serverStatus().reason().endsWith("connection refused"), missing.serverStatus().reason());
			assertEquals(List.of(), missing.serverMetrics());
			assertTrue(missing.points().size() >= 1);
		}
	}
}
