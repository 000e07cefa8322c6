package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.deepstress.core.metrics.WeightedSplit;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunHandle;

/** Load models, limits, retries and cancel, against scripted loopback servers. */
class LoadModelTest {

	private static final String OK_STREAM = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n"
			+ "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

	private final EngineFixture fixture = new EngineFixture();

	private static ScriptedServer okServer(long holdMillis) throws Exception {
		return new ScriptedServer((c, n) -> c.sseHead().pause(holdMillis).write(OK_STREAM));
	}

	@Test
	void retryHonoursRetryAfterAndRecordsEveryAttempt() throws Exception {
		try (ScriptedServer server = new ScriptedServer((c, n) -> {
			if (n == 0) {
				c.respond(429, "Too Many Requests", "application/json", "{\"error\":{\"message\":\"slow down\"}}",
						"Retry-After: 1");
			} else {
				c.sseHead().write(OK_STREAM);
			}
		})) {
			RunConfig config = TestRuns.withRetry(TestRuns.simple(server.baseUrl(), 1, 1),
					new RetryPolicy(3, Duration.ofMillis(20), Duration.ofSeconds(5)));
			RunSummary summary = fixture.run(config, 20);
			List<RequestResult> all = fixture.all();
			assertEquals(2, all.size());
			assertEquals("http-429", all.get(0).errorKey());
			assertFalse(all.get(0).last());
			assertTrue(all.get(1).succeeded() && all.get(1).last() && all.get(1).attempt() == 2);
			long gap = server.arrivals.get(1) - server.arrivals.get(0);
			assertTrue(gap >= 950_000_000L, "waited the Retry-After second, not the 20 ms backoff: " + gap);
			assertEquals(1, summary.total());
			assertEquals(1, summary.succeeded());
			assertEquals(2, summary.attempts());
			assertTrue(summary.errors().isEmpty(), "the request succeeded in the end: " + summary.errors());
		}
	}

	@Test
	void retryBacksOffExponentiallyAndGivesUpAfterTheLastAttempt() throws Exception {
		try (ScriptedServer server = new ScriptedServer(
				(c, n) -> c.respond(503, "Unavailable", "application/json", "{\"error\":{\"message\":\"busy\"}}"))) {
			RunConfig config = TestRuns.withRetry(TestRuns.simple(server.baseUrl(), 1, 1),
					new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(5)));
			RunSummary summary = fixture.run(config, 20);
			assertEquals(3, server.requests());
			assertEquals(3, summary.attempts());
			assertEquals(1, summary.failed());
			assertEquals(1L, summary.errors().get("http-503"));
			long first = server.arrivals.get(1) - server.arrivals.get(0);
			long second = server.arrivals.get(2) - server.arrivals.get(1);
			assertTrue(first >= 95_000_000L && second >= 195_000_000L, first + " then " + second);
		}
	}

	@Test
	void clientErrorsAreNotRetried() throws Exception {
		try (ScriptedServer server = new ScriptedServer(
				(c, n) -> c.respond(404, "Not Found", "application/json", "{\"error\":{\"message\":\"no such model\"}}"))) {
			fixture.run(TestRuns.withRetry(TestRuns.simple(server.baseUrl(), 1, 1), RetryPolicy.retries(3)), 20);
			assertEquals(1, server.requests());
			assertTrue(fixture.only().errorMessage().contains("no such model"));
		}
	}

	@Test
	void aServerRejectingStreamOptionsIsAskedAgainWithoutThem() throws Exception {
		try (ScriptedServer server = new ScriptedServer((c, n) -> {
			if (c.body.contains("stream_options")) {
				c.respond(400, "Bad Request", "application/json",
						"{\"error\":{\"message\":\"Unrecognized request argument supplied: stream_options\"}}");
			} else {
				c.sseHead().write(OK_STREAM);
			}
		})) {
			RunSummary summary = fixture.run(TestRuns.simple(server.baseUrl(), 3, 1), 20);
			assertEquals(3, summary.succeeded());
			assertEquals(4, server.requests(), "one rejected request, then three without stream_options");
			assertEquals(3, server.bodies.stream().filter(b -> !b.contains("stream_options")).count());
		}
	}

	@Test
	void cancelStopsInFlightStreamsAtOnceAndStillSummarises() throws Exception {
		try (ScriptedServer server = new ScriptedServer((c, n) -> {
			c.sseHead();
			for (int i = 0; i < 100 && !c.clientGone(); i++) {
				c.write("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t\"}}]}\n\n").pause(100);
			}
		})) {
			RunHandle run = fixture.start(TestRuns.simple(server.baseUrl(), 20, 4));
			long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (server.requests() < 4 && System.nanoTime() < wait) {
				Thread.sleep(10); // until all four streams are in flight, however slow the machine
			}
			assertEquals(4, server.requests());
			long t0 = System.nanoTime();
			run.cancel();
			RunSummary summary = run.completion().get(10, TimeUnit.SECONDS);
			long took = (System.nanoTime() - t0) / 1_000_000;
			// the streams would go on for 10 s; typically ends in a few ms (EnginePrecisionBenchmark prints it)
			assertTrue(took < 3000, "stopped in " + took + " ms, not at the end of the streams");
			assertEquals(RunStatus.CANCELLED, summary.status());
			assertEquals(4, summary.total());
			assertEquals(4L, summary.errors().get("cancelled"));
			assertTrue(fixture.finals().stream().allMatch(r -> r.error() == ErrorKind.CANCELLED));
		}
	}

	@Test
	void connectTimeoutWhenTheServerNeverAccepts() throws Exception {
		try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			List<java.nio.channels.SocketChannel> fillers = new ArrayList<>();
			try {
				for (int i = 0; i < 8; i++) {
					java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open();
					ch.configureBlocking(false);
					ch.connect(full.getLocalSocketAddress());
					fillers.add(ch);
				}
				Thread.sleep(100);
				fixture.run(TestRuns.withTimeouts(
						TestRuns.simple("http://127.0.0.1:" + full.getLocalPort() + "/v1", 1, 1), 300, 5000, 10000), 20);
				RequestResult r = fixture.only();
				assertEquals(ErrorKind.TIMEOUT_CONNECT, r.error(), r.errorMessage());
				assertTrue(r.e2eNanos() < 3_000_000_000L, "gave up near 300 ms: " + r.e2eNanos());
			} finally {
				for (var ch : fillers) {
					ch.close();
				}
			}
		}
	}

	@Test
	void weightsSplitTheConcurrencyBetweenDatasets() throws Exception {
		assertEquals(List.of(6, 2), toList(WeightedSplit.slots(List.of(3.0, 1.0), 8)));
		assertEquals(List.of(1, 1, 1), toList(WeightedSplit.slots(List.of(1.0, 1.0, 1.0), 2)), "at least one each");
		try (ScriptedServer server = okServer(150)) {
			RunConfig base = TestRuns.simple(server.baseUrl(), 1, 8);
			RunConfig config = new RunConfig("split", base.target(), base.request(),
					List.of(new DatasetShare(TestRuns.dataset("big", 24), 3), new DatasetShare(TestRuns.dataset("small", 8), 1)),
					new Load.ClosedLoop(8), Limits.singlePass(), base.timeouts(), base.retry());
			RunSummary summary = fixture.run(config, 30);
			assertEquals(32, summary.succeeded(), "one pass over both datasets");
			assertEquals(6, maxOverlap(fixture.finals(), "big"));
			assertEquals(2, maxOverlap(fixture.finals(), "small"));
			assertEquals(24, summary.datasets().get(0).succeeded());
			assertEquals(3.0, summary.datasets().get(0).weight());
		}
	}

	private static List<Integer> toList(int[] a) {
		return java.util.Arrays.stream(a).boxed().toList();
	}

	/** The most requests of a dataset in flight at one time, from the client's own timings. */
	private static int maxOverlap(List<RequestResult> results, String dataset) {
		List<long[]> events = new ArrayList<>();
		for (RequestResult r : results) {
			if (r.dataset().equals(dataset)) {
				events.add(new long[] { r.startNanos(), 1 });
				events.add(new long[] { r.startNanos() + r.e2eNanos(), -1 });
			}
		}
		events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
		int now = 0, max = 0;
		for (long[] e : events) {
			now += (int) e[1];
			max = Math.max(max, now);
		}
		return max;
	}

	@Test
	void openLoopKeepsItsRateWhateverTheResponsesDo() throws Exception {
		try (ScriptedServer server = okServer(30)) {
			RunConfig base = TestRuns.simple(server.baseUrl(), 10, 1);
			RunConfig config = TestRuns.withLimits(base.withLoad(new Load.OpenLoop(200, false, 64)), Limits.requests(600));
			RunSummary summary = fixture.run(config, 30);
			assertEquals(600, summary.succeeded());
			assertEquals(200, summary.targetRate());
			// responses take 30 ms, six times the interval: the requests still start on the schedule (measured at
			// the client: this scripted server stamps arrivals late on a busy machine; the benchmark prints the
			// rate's precision) and the rate over the run stays near the target
			Spread late = Spread.lateness(fixture.finals().stream().map(RequestResult::startNanos).toList(), 200);
			assertTrue(late.median() < 50_000_000L && late.quantile(0.9) < 150_000_000L,
					"starts against the schedule: " + late);
			assertEquals(200, summary.achievedRate(), 200 * 0.1, "achieved " + summary.achievedRate());
		}
	}

	@Test
	void warmupRequestsAreSentFirstAndLeftOutOfTheStatistics() throws Exception {
		try (ScriptedServer server = okServer(0)) {
			RunConfig config = TestRuns.withLimits(TestRuns.simple(server.baseUrl(), 4, 2), Limits.requests(5).withWarmup(3));
			RunSummary summary = fixture.run(config, 20);
			assertEquals(8, server.requests());
			assertEquals(5, summary.total());
			assertEquals(8, summary.attempts());
			assertEquals(3, fixture.all().stream().filter(RequestResult::warmup).count());
			assertTrue(fixture.all().stream().filter(RequestResult::warmup).allMatch(r -> r.index() < 3));
		}
	}

	@Test
	void aDurationLimitStopsIssuingAndCyclesThePrompts() throws Exception {
		try (ScriptedServer server = okServer(20)) {
			RunConfig config = TestRuns.withLimits(TestRuns.simple(server.baseUrl(), 2, 2),
					Limits.duration(Duration.ofMillis(1500))); // long enough for >10 requests after a cold start on a busy machine
			RunSummary summary = fixture.run(config, 20);
			long firstStart = fixture.finals().stream().mapToLong(RequestResult::startNanos).min().orElseThrow();
			long lastStart = fixture.finals().stream().mapToLong(RequestResult::startNanos).max().orElseThrow();
			assertTrue(lastStart - firstStart <= 1_500_000_000L,
					"no request issued after the 1.5 s: the last " + (lastStart - firstStart) / 1e6 + " ms after the first");
			assertTrue(summary.durationSeconds() < 1.5 + 2.0, "ended once the last 20 ms requests were in: "
					+ summary.durationSeconds() + " s");
			assertTrue(summary.succeeded() > 10, "cycled through the two prompts: " + summary.succeeded());
			assertEquals(0, summary.failed());
		}
	}

	@Test
	void onePassIsTheDefaultAndACountLimitCycles() throws Exception {
		try (ScriptedServer server = okServer(0)) {
			assertEquals(3, fixture.run(TestRuns.simple(server.baseUrl(), 3, 5), 20).total(), "one pass");
			EngineFixture other = new EngineFixture();
			RunConfig config = TestRuns.withLimits(TestRuns.simple(server.baseUrl(), 1, 2), Limits.requests(10));
			assertEquals(10, other.run(config, 20).total(), "ten requests over one prompt");
		}
	}

	@Test
	void badConfigurationIsRefusedAtStart() {
		RunConfig base = TestRuns.simple("http://127.0.0.1:1/v1", 1, 1);
		IllegalArgumentException url = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> fixture.start(TestRuns.withTarget(base, new ApiTarget("ftp://x/v1", ApiKind.CHAT, "m", null, null))));
		assertTrue(url.getMessage().contains("http"), url.getMessage());
		IllegalArgumentException extra = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> fixture.start(TestRuns.withRequest(base, new RequestOptions(true, null, null, "[1,2]", true))));
		assertTrue(extra.getMessage().contains("JSON object"), extra.getMessage());
	}
}
