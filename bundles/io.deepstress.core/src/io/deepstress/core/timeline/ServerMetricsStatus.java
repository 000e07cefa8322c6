package io.deepstress.core.timeline;

/**
 * How the scraping of a server's {@code /metrics} went.
 *
 * @param url     what was scraped, or null when nothing was
 * @param state   the state at the run's end
 * @param server  which server the text looks like ({@code vllm}, {@code sglang}, {@code tgi}, {@code llama.cpp}),
 *                or null when unknown
 * @param scrapes successful scrapes
 * @param reason  why there are no (or not all) series, or null
 */
public record ServerMetricsStatus(String url, State state, String server, long scrapes, String reason) {

	/** The state of a scrape. */
	public enum State {
		/** Not asked for ({@code --server-metrics off}, or auto against the built-in simulator). */
		OFF,
		/** Every scrape so far was read. */
		OK,
		/** Some scrapes failed (slow, gone mid-run, garbage); {@code reason} says the last failure. */
		PARTIAL,
		/** No scrape was read; {@code reason} says why. */
		FAILED
	}

	/** Nothing scraped, for {@code reason}. */
	public static ServerMetricsStatus off(String reason) {
		return new ServerMetricsStatus(null, State.OFF, null, 0, reason);
	}
}
