package io.deepstress.simulator.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


/** A small loopback HTTP client for the tests, on the JDK's HttpClient (HTTP/1.1, like most load tools). */
final class Http {

	static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5)).build();

	/** Upper bound for any single exchange in the tests. */
	static final Duration TIMEOUT = Duration.ofSeconds(20);

	private Http() {
	}

	static HttpRequest.Builder post(String url, String json) {
		return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Content-Type", "application/json")
				.header("Authorization", "Bearer sk-test").POST(HttpRequest.BodyPublishers.ofString(json));
	}

	static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build());
	}

	static HttpResponse<String> postJson(String url, String json) throws IOException, InterruptedException {
		return send(post(url, json).build());
	}

	static Map<String, Object> object(String json) {
		return Tree.parseObject(json);
	}

	/** A JSON chat request body. */
	static String chat(String content, boolean stream, String extra) {
		return "{\"model\":\"deepstress-sim\",\"stream\":" + stream
				+ ",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":"
				+ Tree.write(content) + "}]" + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
	}

	/** A JSON completions request body. */
	static String completion(String prompt, boolean stream, String extra) {
		return "{\"model\":\"deepstress-sim\",\"stream\":" + stream + ",\"prompt\":" + Tree.write(prompt)
				+ (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
	}

	/** One server-sent event's data and when the client read it. */
	record Event(long nanos, String data) {
		boolean done() {
			return "[DONE]".equals(data);
		}

		Map<String, Object> json() {
			return Tree.parseObject(data);
		}
	}

	/** A streamed answer as the client saw it. */
	record Stream(int status, long startNanos, List<Event> events, IOException failure) {

		boolean endsWithDone() {
			return !events.isEmpty() && events.get(events.size() - 1).done();
		}

		boolean hasDone() {
			return events.stream().anyMatch(Event::done);
		}
	}

	/**
	 * Sends a request and reads the answer line by line as it arrives, stamping each {@code data:} line with
	 * {@link System#nanoTime()}; a broken connection ends the reading and is kept in {@link Stream#failure()}.
	 */
	static Stream stream(HttpRequest request) throws InterruptedException {
		List<Event> events = new ArrayList<>();
		long start = System.nanoTime();
		HttpResponse<InputStream> response;
		try {
			response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
		} catch (IOException e) {
			return new Stream(-1, start, events, e);
		}
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("data: ")) {
					events.add(new Event(System.nanoTime(), line.substring("data: ".length())));
				} else if (!line.isEmpty()) {
					events.add(new Event(System.nanoTime(), "<<not an SSE data line>> " + line));
				}
			}
		} catch (IOException e) {
			return new Stream(response.statusCode(), start, events, e);
		}
		return new Stream(response.statusCode(), start, events, null);
	}

	/** Text of every content (or completions text) delta, in order. */
	static List<String> contents(Stream stream) {
		List<String> out = new ArrayList<>();
		for (Event e : stream.events()) {
			if (e.done()) {
				continue;
			}
			Object choice = Tree.at(Tree.get(e.json(), "choices"), 0);
			Object delta = Tree.get(choice, "delta");
			String text = delta != null ? Tree.string(Tree.get(delta, "content")) : Tree.string(Tree.get(choice, "text"));
			if (text != null && !text.isEmpty()) {
				out.add(text);
			}
		}
		return out;
	}

	/** Whitespace-separated words (the simulator's tokens) in a text. */
	static int words(String text) {
		String t = text.strip();
		return t.isEmpty() ? 0 : t.split("\\s+").length;
	}

	static int words(List<String> texts) {
		return texts.stream().mapToInt(Http::words).sum();
	}

	static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}
}
