package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

import io.deepstress.core.batch.AgentClock;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * An agent's clock against the server's: a server whose clock runs 7 s ahead (its {@code Date} header) is measured
 * at +7 s to within the probes' spacing; the simulator's millisecond header on the same machine gives about 0; a dead
 * server or one without a Date header is "not measured" with the reason, never a failure.
 */
class ClockProbeTest {

	private static final long SKEW_MILLIS = 7_000;

	/** A loopback server answering 404 to everything with a Date header {@code skew} ms off (or none). */
	private static Server server(Long skew) throws Exception {
		Server server = new Server();
		org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
		http.setSendDateHeader(false); // the handler sets it (or not)
		ServerConnector c = new ServerConnector(server, 1, 1, new org.eclipse.jetty.server.HttpConnectionFactory(http));
		c.setHost("127.0.0.1");
		c.setPort(0);
		server.addConnector(c);
		server.setHandler(new Handler.Abstract() {
			@Override
			public boolean handle(Request request, Response response, Callback callback) {
				if (skew != null) {
					response.getHeaders().put(HttpHeader.DATE, DateTimeFormatter.RFC_1123_DATE_TIME
							.format(Instant.ofEpochMilli(System.currentTimeMillis() + skew).atOffset(ZoneOffset.UTC)));
				}
				response.setStatus(404);
				callback.succeeded();
				return true;
			}
		});
		server.start();
		return server;
	}

	private static String url(Server s) {
		return "http://127.0.0.1:" + ((ServerConnector) s.getConnectors()[0]).getLocalPort() + "/v1";
	}

	@Test
	void aServerAheadBySevenSecondsIsMeasuredFromItsDateHeader() throws Exception {
		Server s = server(SKEW_MILLIS);
		try {
			AgentClock clock = ClockProbe.measure(url(s));
			assertEquals(AgentClock.DATE, clock.source(), clock.toString());
			assertTrue(clock.uncertaintyMillis() < 500, "refined at a change of second: " + clock);
			assertTrue(Math.abs(clock.offsetMillis() - SKEW_MILLIS) <= clock.uncertaintyMillis() + 50,
					"measured " + clock + " for a server 7000 ms ahead");
		} finally {
			s.stop();
		}
	}

	@Test
	void theSimulatorsMillisecondClockOnThisMachineIsAboutZero() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults())) {
			AgentClock clock = ClockProbe.measure(sim.baseUrl());
			assertEquals(AgentClock.SIMULATOR, clock.source(), clock.toString());
			assertTrue(Math.abs(clock.offsetMillis()) <= clock.uncertaintyMillis() + 2, clock.toString());
		}
	}

	@Test
	void noDateOrNoServerIsNotMeasuredWithTheReason() throws Exception {
		Server s = server(null);
		String deadUrl;
		try {
			AgentClock clock = ClockProbe.measure(url(s));
			assertFalse(clock.measured(), clock.toString());
			assertEquals(0, clock.offsetMillis());
			assertTrue(clock.note().contains("no Date header"), clock.note());
		} finally {
			deadUrl = url(s);
			s.stop();
		}
		AgentClock dead = ClockProbe.measure(deadUrl);
		assertFalse(dead.measured());
		assertTrue(dead.note().startsWith("the clock was not measured: " + deadUrl.replace("/v1", "/v1/models")
				+ " did not answer"), dead.note());
	}
}
