package io.deepstress.engine.internal;

import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.HttpClient;

import io.deepstress.core.run.Load;
import io.deepstress.core.run.NetworkOptions;

/**
 * Connections an open loop or a trace replay opens before its first arrival, so that the first burst's requests are
 * not late by a TCP (and TLS) handshake each: a run has a client of its own and starts with none. As many as the
 * load's busiest {@value #WINDOW_MILLIS} ms asks for (a trace's, known in advance; a rate's expected arrivals), within
 * its concurrency cap and {@value #MOST}; one for HTTP/2, whose streams share a connection. A closed loop needs none:
 * its first requests set its clock.
 */
final class Preconnect {

	static final int WINDOW_MILLIS = 100;
	static final int MOST = 256;
	/** The longest wait for the connections; a server that does not answer is the requests' to report. */
	static final long WAIT_MILLIS = 5000;

	private Preconnect() {
	}

	/** How many connections to open before the first arrival of {@code load}; 0 for a closed loop. */
	static int count(Load load, NetworkOptions.Http http) {
		int wanted;
		int cap;
		if (load instanceof Load.OpenLoop open) {
			wanted = (int) Math.ceil(open.ratePerSecond() * WINDOW_MILLIS / 1000.0) + 1;
			cap = open.maxConcurrency();
		} else if (load instanceof Load.Scheduled scheduled) {
			wanted = busiestWindow(scheduled);
			cap = scheduled.maxConcurrency();
		} else {
			return 0;
		}
		int n = Math.max(1, Math.min(wanted, Math.min(cap, MOST)));
		return http == NetworkOptions.Http.HTTP_1_1 ? n : 1;
	}

	/** The most arrivals of the schedule due within any {@value #WINDOW_MILLIS} ms. */
	static int busiestWindow(Load.Scheduled s) {
		int n = s.offsetsMicros().size();
		long window = TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS);
		int most = 0;
		for (int first = 0, last = 0; last < n; last++) {
			while (s.dueNanos(last) - s.dueNanos(first) >= window) {
				first++;
			}
			most = Math.max(most, last - first + 1);
		}
		return most;
	}

	/**
	 * Opens {@code n} connections to the run's destination and waits for them (bounded); a failure is left to the
	 * requests, which report it each. The connections then count as used, so that their first requests are timed
	 * as on a reused connection (they paid no connect).
	 */
	static void open(HttpClient client, String url, int n, long connectMillis, ConnectionClock clock) {
		if (n <= 0) {
			return;
		}
		try {
			client.resolveDestination(client.newRequest(url)).getConnectionPool().preCreateConnections(n)
					.get(Math.min(Math.max(connectMillis, 1), WAIT_MILLIS), TimeUnit.MILLISECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (Exception e) {
			// refused, unresolvable, slow: the run's requests meet the same and are classified one by one
		}
		if (clock != null) {
			clock.warmed();
		}
	}
}
