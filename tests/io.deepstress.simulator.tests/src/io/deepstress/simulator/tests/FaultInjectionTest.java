package io.deepstress.simulator.tests;

import static io.deepstress.simulator.tests.Http.chat;
import static io.deepstress.simulator.tests.Http.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** Each injected fault at rate 1.0, as a client sees it and as the ground truth records it. */
class FaultInjectionTest {

	static final int TOKENS = 20;

	private static SimulatorSettings fast() {
		return SimulatorSettings.defaults().withTtft(Duration.ofMillis(5)).withItl(Duration.ofMillis(1))
				.withDefaultOutputTokens(TOKENS);
	}

	@Test
	void rateLimitIs429WithRetryAfter() throws Exception {
		try (Simulator sim = Simulator.start(fast().withRate429(1.0).withRetryAfterSeconds(7))) {
			String id = "429-" + UUID.randomUUID();
			HttpResponse<String> r = Http.send(Http.post(sim.baseUrl() + "/chat/completions", chat("hi", true, null))
					.header("X-Request-Id", id).build());
			assertEquals(429, r.statusCode());
			assertEquals("7", r.headers().firstValue("Retry-After").orElse(null));
			Object error = Http.object(r.body()).get("error");
			assertNotNull(Tree.string(Tree.get(error, "message")));
			assertNotNull(Tree.string(Tree.get(error, "type")));
			ServerRecord record = sim.record(id).orElseThrow();
			assertEquals("429", record.fault());
			assertEquals(429, record.status());
			assertEquals(-1, record.firstContentNanos());
			assertTrue(record.ended());
		}
		try (Simulator sim = Simulator.start(fast().withRate429(1.0))) {
			HttpResponse<String> r = Http.postJson(sim.baseUrl() + "/completions", completion("hi", false, null));
			assertEquals(429, r.statusCode());
			assertTrue(r.headers().firstValue("Retry-After").isEmpty(), "no Retry-After when retryAfterSeconds is 0");
		}
	}

	@Test
	void serverErrorIs500() throws Exception {
		try (Simulator sim = Simulator.start(fast().withRate500(1.0))) {
			HttpResponse<String> r = Http.postJson(sim.baseUrl() + "/chat/completions", chat("hi", false, null));
			assertEquals(500, r.statusCode());
			assertNotNull(Tree.string(Tree.get(Http.object(r.body()).get("error"), "message")));
			assertEquals("500", sim.records().get(0).fault());
			assertEquals(500, sim.records().get(0).status());
			// the models list is not subject to faults
			assertEquals(200, Http.get(sim.baseUrl() + "/models").statusCode());
		}
	}

	@Test
	void abortTruncatesTheStreamAfterAboutHalfTheTokens() throws Exception {
		try (Simulator sim = Simulator.start(fast().withAbortRate(1.0))) {
			String id = "abort-" + UUID.randomUUID();
			Http.Stream s = Http.stream(Http.post(sim.baseUrl() + "/chat/completions",
					chat("hi", true, "\"stream_options\":{\"include_usage\":true}")).header("X-Request-Id", id).build());
			assertEquals(200, s.status());
			assertFalse(s.hasDone(), "no [DONE] after an abort");
			for (Http.Event e : s.events()) {
				Object choice = Tree.at(e.json().get("choices"), 0);
				assertTrue(choice != null && Tree.get(choice, "finish_reason") == null, "no final chunk: " + e.data());
			}
			assertNotNull(s.failure(), "the client sees a broken connection, not a clean end");
			assertEquals(TOKENS / 2, Http.words(Http.contents(s)));
			ServerRecord r = sim.record(id).orElseThrow();
			assertEquals("abort", r.fault());
			assertTrue(r.ended());

			String plain = "abort-body-" + UUID.randomUUID();
			assertThrows(IOException.class, () -> Http.send(Http.post(sim.baseUrl() + "/chat/completions",
					chat("hi", false, null)).header("X-Request-Id", plain).build()), "no answer at all without streaming");
			assertEquals(0, sim.record(plain).orElseThrow().status(), "no status was sent");
		}
	}

	@Test
	void malformedSendsOneUnparsableChunkAndCarriesOn() throws Exception {
		try (Simulator sim = Simulator.start(fast().withMalformedRate(1.0))) {
			Http.Stream s = Http.stream(Http.post(sim.baseUrl() + "/chat/completions", chat("hi", true, null)).build());
			assertEquals(200, s.status());
			assertTrue(s.endsWithDone(), "the stream completes");
			List<String> broken = new ArrayList<>();
			int contentTokens = 0;
			for (Http.Event e : s.events()) {
				if (e.done()) {
					continue;
				}
				try {
					Object delta = Tree.get(Tree.at(e.json().get("choices"), 0), "delta");
					String content = Tree.string(Tree.get(delta, "content"));
					contentTokens += content == null ? 0 : Http.words(content);
				} catch (IllegalArgumentException ex) {
					broken.add(e.data());
				}
			}
			assertEquals(1, broken.size(), "exactly one unparsable data line");
			assertTrue(broken.get(0).startsWith("{\"choices\""), broken.get(0));
			assertEquals(TOKENS - 1, contentTokens, "the broken chunk replaced one token, the rest came");
			assertEquals("malformed", sim.records().get(0).fault());

			HttpResponse<String> body = Http.postJson(sim.baseUrl() + "/chat/completions", chat("hi", false, null));
			assertEquals(200, body.statusCode());
			assertThrows(IllegalArgumentException.class, () -> Tree.parse(body.body()), "a cut JSON body");
		}
	}

	@Test
	void stallSendsTwoTokensAndThenNothing() throws Exception {
		try (Simulator sim = Simulator.start(fast().withStallRate(1.0))) {
			String body = chat("hi", true, null);
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			String text;
			long start = System.nanoTime();
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), sim.port())) {
				socket.setSoTimeout(1000);
				OutputStream out = socket.getOutputStream();
				out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
						+ "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				out.write(bytes);
				out.flush();
				ByteArrayOutputStream received = new ByteArrayOutputStream();
				InputStream in = socket.getInputStream();
				byte[] buffer = new byte[8192];
				assertThrows(SocketTimeoutException.class, () -> {
					for (int i = 0; i < 10_000; i++) { // bounded; each read blocks up to 1 s
						int n = in.read(buffer);
						if (n < 0) {
							return;
						}
						received.write(buffer, 0, n);
					}
				}, "the read times out: the server stalls instead of ending the stream");
				text = received.toString(StandardCharsets.UTF_8);
			}
			assertTrue(System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(1));
			assertTrue(text.startsWith("HTTP/1.1 200"), text);
			assertTrue(text.contains("\"role\":\"assistant\""), text);
			assertFalse(text.contains("[DONE]"), text);
			assertFalse(text.contains("\"finish_reason\":\"stop\""), text);
			Matcher m = Pattern.compile("\"delta\":\\{\"content\":\"([^\"]+)\"").matcher(text);
			int tokens = 0;
			while (m.find()) {
				tokens += Http.words(m.group(1));
			}
			assertEquals(2, tokens, text);
			ServerRecord r = sim.records().get(0);
			assertEquals("stall", r.fault());
			assertEquals(-1, r.endNanos(), "a stalled answer never ends by itself");
		}
	}

	@Test
	void aClientTimeoutEndsAStalledRequest() throws Exception {
		try (Simulator sim = Simulator.start(fast().withStallRate(1.0))) {
			for (boolean stream : new boolean[] { true, false }) {
				CompletableFuture<HttpResponse<String>> f = Http.CLIENT.sendAsync(
						Http.post(sim.baseUrl() + "/chat/completions", chat("hi", stream, null)).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThrows(TimeoutException.class, () -> f.get(1, TimeUnit.SECONDS), "stream=" + stream);
				f.cancel(true);
			}
			assertEquals(2, sim.records().size());
			assertTrue(sim.records().stream().allMatch(r -> "stall".equals(r.fault())));
		}
	}

	@Test
	void faultsAreDrawnFromTheSeed() throws Exception {
		SimulatorSettings settings = fast().withTtft(Duration.ZERO).withRate500(0.5);
		List<String> first = faults(settings, 20);
		List<String> second = faults(settings, 20);
		assertEquals(first, second, "same seed, same faults");
		long errors = first.stream().filter("500"::equals).count();
		assertTrue(errors > 0 && errors < 20, "about half fail: " + first);
		assertFalse(first.equals(faults(settings.withSeed(7), 20)), "another seed, other faults");
	}

	private static List<String> faults(SimulatorSettings settings, int requests) throws Exception {
		try (Simulator sim = Simulator.start(settings)) {
			for (int i = 0; i < requests; i++) {
				Http.postJson(sim.baseUrl() + "/chat/completions", chat("hi", false, "\"max_tokens\":1"));
			}
			return sim.records().stream().map(r -> String.valueOf(r.fault())).toList();
		}
	}
}
