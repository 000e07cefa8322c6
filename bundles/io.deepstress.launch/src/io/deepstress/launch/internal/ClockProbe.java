package io.deepstress.launch.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.deepstress.core.batch.AgentClock;

/**
 * Measures this machine's wall clock against the server's before an agent's run: a few {@code GET {base}/models}
 * (any answer will do). Against the simulator its {@value AgentClock#HEADER} header (milliseconds) gives the offset
 * within half the fastest round trip; against another server the HTTP {@code Date} header (whole seconds) is read
 * until its second changes, which happens between two probes at most {@link #SPACING_MILLIS} apart: the offset to
 * within about half of that. Bounded: at most {@link #BUDGET_MILLIS} of probing.
 */
final class ClockProbe {

	static final long SPACING_MILLIS = 40;
	static final long BUDGET_MILLIS = 1_500;
	private static final int SIMULATOR_PROBES = 5;

	private final HttpClient client;
	private final URI uri;

	ClockProbe(String baseUrl) {
		String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.uri = URI.create(base + "/models");
		this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
				.followRedirects(HttpClient.Redirect.NEVER).build();
	}

	/** The clock of the server at {@code baseUrl}, or {@link AgentClock#unknown} with the reason. */
	static AgentClock measure(String baseUrl) {
		try {
			return new ClockProbe(baseUrl).measure();
		} catch (IllegalArgumentException e) {
			return AgentClock.unknown("the clock was not measured: " + e.getMessage());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return AgentClock.unknown("the clock was not measured: interrupted");
		}
	}

	/** One probe: local send and receive time, and the answer's headers. */
	private record Probe(long sentMillis, long receivedMillis, Optional<String> simulator, Optional<String> date) {
		long mid() {
			return (sentMillis + receivedMillis) / 2;
		}
	}

	private Probe probe() throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
		long sent = System.currentTimeMillis();
		HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
		long received = System.currentTimeMillis();
		return new Probe(sent, received, response.headers().firstValue(AgentClock.HEADER),
				response.headers().firstValue("Date"));
	}

	AgentClock measure() throws InterruptedException {
		long deadline = System.currentTimeMillis() + BUDGET_MILLIS;
		Probe first;
		try {
			first = probe();
		} catch (IOException e) {
			return AgentClock.unknown("the clock was not measured: " + uri + " did not answer ("
					+ (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
		}
		if (first.simulator().isPresent()) {
			return againstSimulator(first, deadline);
		}
		if (first.date().isEmpty()) {
			return AgentClock.unknown("the clock was not measured: the server's answers carry no Date header");
		}
		return againstDate(first, deadline);
	}

	private AgentClock againstSimulator(Probe first, long deadline) throws InterruptedException {
		Probe best = first;
		for (int i = 1; i < SIMULATOR_PROBES && System.currentTimeMillis() < deadline; i++) {
			try {
				Probe p = probe();
				if (p.simulator().isPresent() && p.receivedMillis() - p.sentMillis() < best.receivedMillis() - best.sentMillis()) {
					best = p;
				}
			} catch (IOException e) {
				break; // the best so far will do
			}
		}
		try {
			long server = Long.parseLong(best.simulator().get().strip());
			return new AgentClock(server - best.mid(), (best.receivedMillis() - best.sentMillis() + 1) / 2 + 1,
					AgentClock.SIMULATOR, "");
		} catch (NumberFormatException e) {
			return AgentClock.unknown("the clock was not measured: " + AgentClock.HEADER + " is not a number");
		}
	}

	private AgentClock againstDate(Probe first, long deadline) throws InterruptedException {
		Long second = seconds(first.date().get());
		if (second == null) {
			return AgentClock.unknown("the clock was not measured: the Date header '" + first.date().get()
					+ "' is not an HTTP date");
		}
		Probe previous = first;
		while (System.currentTimeMillis() + SPACING_MILLIS < deadline) {
			Thread.sleep(SPACING_MILLIS);
			Probe p;
			try {
				p = probe();
			} catch (IOException e) {
				break;
			}
			Long now = p.date().map(ClockProbe::seconds).orElse(null);
			if (now == null) {
				break;
			}
			if (now > second) { // the server's second changed between previous's send and p's receipt
				long boundary = (previous.sentMillis() + p.receivedMillis()) / 2;
				return new AgentClock(now * 1000 - boundary, (p.receivedMillis() - previous.sentMillis() + 1) / 2 + 1,
						AgentClock.DATE, "");
			}
			previous = p;
		}
		// no change of second seen: the middle of the second, to within half a second and the round trip
		return new AgentClock(second * 1000 + 500 - first.mid(),
				500 + (first.receivedMillis() - first.sentMillis() + 1) / 2, AgentClock.DATE,
				"the server's Date did not change while probed: within half a second");
	}

	/** Seconds since the epoch of an HTTP date, or null. */
	static Long seconds(String httpDate) {
		try {
			return ZonedDateTime.parse(httpDate.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
		} catch (DateTimeParseException e) {
			return null;
		}
	}
}
