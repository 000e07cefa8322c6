package io.deepstress.servermetrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.timeline.ServerMetricsSource;
import io.deepstress.core.timeline.ServerMetricsStatus;
import io.deepstress.core.timeline.ServerSeries;

/**
 * Scraping a real loopback HTTP server: a good one, and one whose /metrics is slow, huge (10 MB), garbage, missing or
 * gone mid-run; each failure is a state with its reason, never an exception, and closing is prompt.
 */
class ScrapeFailuresTest {

	private final PrometheusScraper scraper = new PrometheusScraper();

	@AfterEach
	void close() {
		scraper.deactivate();
	}

	/** Scrapes for about {@code millis}, closes, and checks that closing took at most about a second. */
	private ServerMetricsSource.Scrape scrapeFor(URI url, long millis) throws InterruptedException {
		ServerMetricsSource.Scrape s = scraper.start(url, System.nanoTime(), Set.of());
		Thread.sleep(millis);
		long before = System.nanoTime();
		s.close();
		assertTrue(System.nanoTime() - before < 3_000_000_000L, "close took too long");
		return s;
	}

	@Test
	void aGoodEndpointEverySecond() throws Exception {
		try (LoopbackServer server = new LoopbackServer(LoopbackServer.text(Texts.of("vllm")))) {
			assertTrue(scraper.answers(server.url()));
			ServerMetricsSource.Scrape s = scrapeFor(server.url(), 2600);
			ServerMetricsStatus st = s.status();
			assertEquals(ServerMetricsStatus.State.OK, st.state(), String.valueOf(st.reason()));
			assertEquals("vllm", st.server());
			assertTrue(st.scrapes() >= 2 && st.scrapes() <= 4, "scrapes " + st.scrapes());
			ServerSeries running = s.series().stream().filter(x -> x.name().equals("vllm:num_requests_running"))
					.findFirst().orElseThrow();
			assertEquals(st.scrapes(), running.points().size());
			assertEquals(12.0, running.points().get(0)[1]);
			double gap = running.points().get(1)[0] - running.points().get(0)[0];
			assertTrue(gap > 0.5 && gap < 1.8, "about a second apart: " + gap);
		}
	}

	@Test
	void aSlowEndpointTimesOut() throws Exception {
		try (LoopbackServer server = new LoopbackServer(LoopbackServer.slow(100, 100))) {
			ServerMetricsSource.Scrape s = scrapeFor(server.url(), 2500);
			ServerMetricsStatus st = s.status();
			assertEquals(ServerMetricsStatus.State.FAILED, st.state());
			assertTrue(st.reason().contains("no complete answer within 2000 ms"), st.reason());
			assertTrue(s.series().isEmpty());
		}
	}

	@Test
	void aHugeAnswerIsRefused() throws Exception {
		try (LoopbackServer server = new LoopbackServer(LoopbackServer.huge(10))) {
			ServerMetricsSource.Scrape s = scrapeFor(server.url(), 1500);
			ServerMetricsStatus st = s.status();
			assertEquals(ServerMetricsStatus.State.FAILED, st.state());
			assertTrue(st.reason().contains("larger than 8 MiB") || st.reason().contains("no complete answer"), st.reason());
		}
	}

	@Test
	void garbageAndMissingEndpoints() throws Exception {
		try (LoopbackServer server = new LoopbackServer(LoopbackServer.text("<html>Welcome</html>\n"))) {
			assertFalse(scraper.answers(server.url()));
			ServerMetricsStatus st = scrapeFor(server.url(), 1200).status();
			assertEquals(ServerMetricsStatus.State.FAILED, st.state());
			assertTrue(st.reason().endsWith("not Prometheus text: line 1: expected a metric name"), st.reason());
		}
		try (LoopbackServer server = new LoopbackServer(out -> out.write(
				"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found".getBytes()))) {
			assertFalse(scraper.answers(server.url()));
			ServerMetricsStatus st = scrapeFor(server.url(), 1200).status();
			assertTrue(st.reason().endsWith("HTTP 404"), st.reason());
		}
		int port;
		try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = free.getLocalPort();
		}
		URI nobody = URI.create("http://127.0.0.1:" + port + "/metrics");
		assertFalse(scraper.answers(nobody));
		ServerMetricsStatus st = scrapeFor(nobody, 1200).status();
		assertEquals(ServerMetricsStatus.State.FAILED, st.state());
		assertTrue(st.reason().endsWith("connection refused"), st.reason());
	}

	@Test
	void anEndpointGoneMidRunKeepsWhatWasScraped() throws Exception {
		LoopbackServer server = new LoopbackServer(LoopbackServer.text(Texts.of("llamacpp")));
		ServerMetricsSource.Scrape s = scraper.start(server.url(), System.nanoTime(), Set.of());
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (s.status().scrapes() < 2 && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		server.close();
		Thread.sleep(2200);
		s.close();
		ServerMetricsStatus st = s.status();
		assertEquals(ServerMetricsStatus.State.PARTIAL, st.state(), st.toString());
		assertTrue(st.reason().contains("scrapes failed, the last: connection refused"), st.reason());
		ServerSeries processing = s.series().stream().filter(x -> x.name().equals("llamacpp:requests_processing"))
				.findFirst().orElseThrow();
		assertEquals(st.scrapes(), processing.points().size());
	}

	@Test
	void aRunThatEndsBeforeTheFirstAnswerSaysSo() throws Exception {
		try (LoopbackServer server = new LoopbackServer(LoopbackServer.slow(100, 100))) {
			ServerMetricsStatus st = scrapeFor(server.url(), 300).status();
			assertEquals(ServerMetricsStatus.State.FAILED, st.state());
			assertEquals("the run ended before the first scrape was answered", st.reason());
		}
	}
}
