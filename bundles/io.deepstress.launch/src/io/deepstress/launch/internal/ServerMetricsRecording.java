package io.deepstress.launch.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.deepstress.core.timeline.ServerMetricsSource;
import io.deepstress.core.timeline.ServerMetricsStatus;
import io.deepstress.core.timeline.ServerSeries;

/**
 * The server side of a run's timeline: which {@code /metrics} to scrape for a plan's setting ({@code auto}, {@code off}
 * or a URL) and the scrape itself. {@code auto} scrapes the endpoint's {@code {host}/metrics} when the endpoint is not
 * the built-in simulator and that URL answers with Prometheus text; a URL given is scraped whatever it answers (its
 * failures are the state's reason).
 */
final class ServerMetricsRecording {

	private final ServerMetricsSource source;

	/** @param source the scraper, or null when it is not installed */
	ServerMetricsRecording(ServerMetricsSource source) {
		this.source = source;
	}

	/** Scraping nothing. */
	static ServerMetricsRecording none() {
		return new ServerMetricsRecording(null);
	}

	/**
	 * Starts what {@code setting} asks for the run against {@code baseUrl}; never throws.
	 *
	 * @param builtin whether the run goes to the built-in simulator (auto scrapes nothing then)
	 */
	Scraping start(String setting, String baseUrl, boolean builtin, long originNanos) {
		String s = setting == null ? "auto" : setting.trim();
		if (s.equalsIgnoreCase("off")) {
			return Scraping.off(ServerMetricsStatus.off("server metrics off"));
		}
		boolean auto = s.isEmpty() || s.toLowerCase(Locale.ROOT).equals("auto");
		if (source == null) {
			return Scraping.off(auto ? ServerMetricsStatus.off("the server metrics scraper is not installed")
					: new ServerMetricsStatus(s, ServerMetricsStatus.State.FAILED, null, 0,
							"the server metrics scraper is not installed"));
		}
		URI url;
		try {
			if (auto) {
				if (builtin) {
					return Scraping.off(ServerMetricsStatus.off("auto: the built-in simulator"));
				}
				url = ServerMetricsSource.metricsUrl(baseUrl);
				if (!source.answers(url)) {
					return Scraping.off(ServerMetricsStatus.off("auto: " + url + " does not answer with Prometheus text"));
				}
			} else {
				url = withoutUserInfo(URI.create(s));
			}
		} catch (IllegalArgumentException e) {
			return Scraping.off(new ServerMetricsStatus(null, ServerMetricsStatus.State.FAILED, null, 0,
					"not a URL: " + (e.getMessage() == null ? s : e.getMessage().replace(s, "(the URL given)"))));
		}
		try {
			ServerMetricsSource.Scrape scrape = source.start(url, originNanos, Set.of());
			return new Scraping(scrape, null);
		} catch (RuntimeException e) {
			return Scraping.off(new ServerMetricsStatus(url.toString(), ServerMetricsStatus.State.FAILED, null, 0,
					e.getMessage() != null ? e.getMessage() : e.toString()));
		}
	}

	/** {@code url} without {@code user:password@}: credentials are never sent this way, nor kept with the run. */
	static URI withoutUserInfo(URI url) {
		if (url.getRawUserInfo() == null) {
			return url;
		}
		try {
			return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null);
		} catch (java.net.URISyntaxException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
	}

	/** One run's scraping; {@link #finish} stops it and gives what it got. */
	static final class Scraping {
		private final ServerMetricsSource.Scrape scrape;
		private final ServerMetricsStatus offStatus;

		private Scraping(ServerMetricsSource.Scrape scrape, ServerMetricsStatus offStatus) {
			this.scrape = scrape;
			this.offStatus = offStatus;
		}

		static Scraping off(ServerMetricsStatus status) {
			return new Scraping(null, status);
		}

		/** Stops scraping. */
		Result finish() {
			if (scrape == null) {
				return new Result(List.of(), offStatus);
			}
			try {
				scrape.close();
			} catch (RuntimeException e) {
				// what was scraped is kept
			}
			return new Result(scrape.series(), scrape.status());
		}
	}

	record Result(List<ServerSeries> series, ServerMetricsStatus status) {
	}
}
