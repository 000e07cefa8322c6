package io.deepstress.servermetrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.deepstress.servermetrics.internal.PrometheusScraper;
import io.deepstress.servermetrics.internal.PrometheusText;

/**
 * The server-metrics bundle's Prometheus text reader for other bundles (the DCGM exporter GPU source): one GET of
 * a {@code /metrics} endpoint, bounded in time (2 s) and size (8 MiB), parsed by the same strict parser that the
 * run's server-metrics scrape uses. Each reader has its own HTTP client; keep one per source.
 */
public final class PrometheusReader {

	/** One sample: its name, labels and value. */
	public record Sample(String name, Map<String, String> labels, double value) {
	}

	/** Why a read gave nothing: refused, timed out, an HTTP error, not the format, no samples. */
	public static final class Failure extends Exception {
		private static final long serialVersionUID = 1L;

		Failure(String reason, Throwable cause) {
			super(reason, cause);
		}
	}

	private final PrometheusScraper http = new PrometheusScraper();

	/**
	 * Reads and parses {@code url}.
	 *
	 * @throws Failure with a readable reason when nothing usable came
	 */
	public List<Sample> read(URI url) throws Failure, InterruptedException {
		String text;
		try {
			text = http.fetch(url);
		} catch (java.net.ConnectException e) {
			throw new Failure("connection refused", e);
		} catch (HttpTimeoutException e) {
			throw new Failure(e.getMessage() != null ? e.getMessage() : "timed out", e);
		} catch (IOException e) {
			throw new Failure(e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
					: e.getClass().getSimpleName(), e);
		}
		return parse(text);
	}

	/**
	 * Parses Prometheus text.
	 *
	 * @throws Failure when it is not the format (naming the line) or has no samples
	 */
	public static List<Sample> parse(CharSequence text) throws Failure {
		PrometheusText.Parsed parsed;
		try {
			parsed = PrometheusText.parse(text);
		} catch (PrometheusText.FormatException e) {
			throw new Failure("not Prometheus text: " + e.getMessage(), e);
		}
		if (parsed.samples().isEmpty()) {
			throw new Failure("no samples in the answer", null);
		}
		List<Sample> out = new ArrayList<>(parsed.samples().size());
		for (PrometheusText.Sample s : parsed.samples()) {
			out.add(new Sample(s.name(), s.labels(), s.value()));
		}
		return out;
	}
}
