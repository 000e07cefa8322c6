package io.deepstress.core.timeline;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Scrapes an inference server's Prometheus text endpoint during a run (an OSGi service). A scrape that fails (no
 * endpoint, slow, too big, garbage, gone mid-run) changes the state and gives a reason; it never stops the run.
 */
public interface ServerMetricsSource {

	/**
	 * Starts scraping {@code url} about every second on its own thread.
	 *
	 * @param url         the Prometheus text endpoint
	 * @param originNanos {@code System.nanoTime()} of the run's {@code t_s = 0}
	 * @param picked      further metric names to keep beside the known ones (exact names)
	 */
	Scrape start(URI url, long originNanos, Set<String> picked);

	/**
	 * Whether {@code url} answers with Prometheus text now (one short request, for {@code --server-metrics auto}).
	 */
	boolean answers(URI url);

	/** {@code {scheme}://{host:port}/metrics} of an endpoint's base URL ({@code http://h:8000/v1} gives {@code http://h:8000/metrics}). */
	static URI metricsUrl(String baseUrl) {
		URI u = URI.create(baseUrl);
		return URI.create(u.getScheme() + "://" + u.getRawAuthority() + "/metrics");
	}

	/** One scraping in progress. */
	interface Scrape extends AutoCloseable {

		/** The state now. */
		ServerMetricsStatus status();

		/** The series so far. */
		List<ServerSeries> series();

		/** Stops scraping (waits for the scrape in progress at most a second). */
		@Override
		void close();
	}
}
