package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.deepstress.core.run.HttpTiming;
import io.deepstress.core.run.NetworkOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * The HTTP timing breakdown of each attempt against real servers on 127.0.0.1: a closed loop of 2 over HTTP/1.1
 * opens two connections and reuses them (the first request of each connection has a connect time, the others
 * none); the phases come in their order on the wire; over TLS a new connection has a handshake time; a request
 * that never reached a server has no breakdown.
 */
class HttpTimingTest {

	@Test
	void aClosedLoopOfTwoOpensTwoConnectionsAndReusesThem() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(80))
				.withItl(Duration.ofMillis(5)).withOutputTokenRange(4, 4))) {
			EngineFixture fixture = new EngineFixture();
			fixture.run(TestRuns.simple(sim.baseUrl(), 12, 2), 60);
			List<RequestResult> results = fixture.finals();
			assertEquals(12, results.size());
			long fresh = 0;
			for (RequestResult r : results) {
				assertNull(r.error(), r.errorMessage());
				HttpTiming t = r.httpTiming();
				assertNotNull(t, "timed: " + r);
				assertTrue(t.queuedNanos() >= 0, t.toString());
				assertTrue(t.firstByteNanos() >= 0 && t.firstByteNanos() <= t.headersNanos(), t.toString());
				assertTrue(t.headersNanos() <= t.firstContentNanos(), t.toString());
				assertTrue(t.firstContentNanos() <= r.e2eNanos(), t + " within " + r.e2eNanos());
				// the first content chunk (the role chunk or the first token) comes no later than the first token
				assertTrue(t.firstContentNanos() <= r.ttftNanos() + 1_000_000, t + " vs ttft " + r.ttftNanos());
				assertEquals(-1, t.tlsNanos(), "plain HTTP has no handshake");
				if (!t.reused()) {
					fresh++;
					assertTrue(t.connectNanos() >= 0, "a new connection was connected: " + t);
				} else {
					assertEquals(-1, t.connectNanos(), "a reused connection connects nothing: " + t);
				}
			}
			assertTrue(fresh >= 1 && fresh <= 4, fresh + " new connections for 12 requests at concurrency 2");
			assertTrue(results.stream().filter(r -> r.httpTiming().reused()).count() >= 8);
		}
	}

	@Test
	void aNewTlsConnectionHasAHandshakeTime() throws Exception {
		try (TlsTestServer server = new TlsTestServer()) {
			EngineFixture fixture = new EngineFixture();
			NetworkOptions trusting = NetworkOptions.defaults().withCaFile(server.caPem.toString())
					.withProxy(NetworkOptions.NO_PROXY);
			fixture.run(TestRuns.simple(server.httpsUrl(false), 4, 1).withNetwork(trusting), 30);
			List<RequestResult> results = fixture.finals();
			assertEquals(4, results.size());
			List<HttpTiming> fresh = results.stream().map(RequestResult::httpTiming).filter(t -> !t.reused()).toList();
			assertEquals(1, fresh.size(), "one connection for a closed loop of one: " + results);
			assertTrue(fresh.get(0).tlsNanos() > 0, "handshake timed: " + fresh.get(0));
			assertTrue(fresh.get(0).connectNanos() >= 0, fresh.get(0).toString());
			assertTrue(results.stream().map(RequestResult::httpTiming).filter(HttpTiming::reused)
					.allMatch(t -> t.tlsNanos() == -1 && t.connectNanos() == -1));
		}
	}

	@Test
	void aRequestThatReachedNoServerHasNoBreakdown() throws Exception {
		int port;
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		EngineFixture fixture = new EngineFixture();
		fixture.run(TestRuns.simple("http://127.0.0.1:" + port, 2, 1), 30);
		List<RequestResult> results = fixture.finals();
		assertEquals(2, results.size());
		for (RequestResult r : results) {
			assertNotNull(r.error());
			assertNull(r.httpTiming(), "nothing was sent: " + r.httpTiming());
		}
	}
}
