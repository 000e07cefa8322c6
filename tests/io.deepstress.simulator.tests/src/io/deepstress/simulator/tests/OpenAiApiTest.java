package io.deepstress.simulator.tests;

import static io.deepstress.simulator.tests.Http.chat;
import static io.deepstress.simulator.tests.Http.completion;
import static io.deepstress.simulator.tests.Http.contents;
import static io.deepstress.simulator.tests.Http.object;
import static io.deepstress.simulator.tests.Http.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** The OpenAI-compatible surface: models, chat and completions, streamed and not, errors, ground truth. */
class OpenAiApiTest {

	static final int TOKENS = 10;
	static Simulator sim;
	static String base;

	@BeforeAll
	static void start() {
		sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(20)).withItl(Duration.ofMillis(2))
				.withDefaultOutputTokens(TOKENS).withTokensPerChunk(3));
		base = sim.baseUrl();
	}

	@AfterAll
	static void stop() {
		sim.close();
	}

	@Test
	void baseUrlIsLoopbackWithTheChosenPort() {
		assertTrue(sim.port() > 0);
		assertEquals("http://127.0.0.1:" + sim.port() + "/v1", base);
	}

	@Test
	void listsTheModel() throws Exception {
		HttpResponse<String> r = Http.get(base + "/models");
		assertEquals(200, r.statusCode());
		assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
		Map<String, Object> body = object(r.body());
		assertEquals("list", body.get("object"));
		Object model = Tree.at(body.get("data"), 0);
		assertEquals("deepstress-sim", Tree.get(model, "id"));
		assertEquals("model", Tree.get(model, "object"));
		assertEquals("deepstress", Tree.get(model, "owned_by"));
		assertTrue(Tree.integer(Tree.get(model, "created")) > 1_600_000_000L);
		assertEquals(1, ((List<?>) body.get("data")).size());
	}

	@Test
	void streamsAChatCompletionInChunksOfThreeTokensWithUsage() throws Exception {
		String id = "usage-" + UUID.randomUUID();
		Http.Stream s = Http.stream(Http.post(base + "/chat/completions",
				chat("one two three four five", true, "\"stream_options\":{\"include_usage\":true}"))
				.header("X-Request-Id", id).build());
		assertNull(s.failure());
		assertEquals(200, s.status());
		List<Http.Event> events = s.events();

		Map<String, Object> role = events.get(0).json();
		Object roleDelta = Tree.get(Tree.at(role.get("choices"), 0), "delta");
		assertEquals("assistant", Tree.get(roleDelta, "role"), "the first chunk carries the role");
		assertEquals("", Tree.get(roleDelta, "content"));
		assertEquals("chat.completion.chunk", role.get("object"));
		assertTrue(Tree.string(role.get("id")).startsWith("chatcmpl-"));
		assertEquals("deepstress-sim", role.get("model"));

		List<String> contents = contents(s);
		assertEquals(List.of(3, 3, 3, 1), contents.stream().map(Http::words).toList(), "tokens per chunk");
		assertEquals(TOKENS, words(contents));
		String text = String.join("", contents);
		assertTrue(text.codePointCount(0, text.length()) < text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
				"the vocabulary has non-ASCII words: " + text);

		int n = events.size();
		assertTrue(events.get(n - 1).done(), "[DONE] comes last");
		Map<String, Object> usageChunk = events.get(n - 2).json();
		assertEquals(List.of(), usageChunk.get("choices"));
		Object usage = usageChunk.get("usage");
		assertEquals(7L, Tree.get(usage, "prompt_tokens"), "words of all messages");
		assertEquals((long) TOKENS, Tree.get(usage, "completion_tokens"));
		assertEquals(7L + TOKENS, Tree.get(usage, "total_tokens"));
		Object finish = Tree.at(events.get(n - 3).json().get("choices"), 0);
		assertEquals("stop", Tree.get(finish, "finish_reason"));
		assertEquals(Map.of(), Tree.get(finish, "delta"));
		assertEquals(1 + 4 + 1 + 1 + 1, n, "role, 4 content chunks, finish, usage, [DONE]");

		ServerRecord record = sim.record(id).orElseThrow();
		assertTrue(record.stream());
		assertEquals(7, record.promptTokens());
		assertEquals(TOKENS, record.outputTokens());
		assertEquals(200, record.status());
		assertNull(record.fault());
	}

	@Test
	void sendsNoUsageChunkUnlessAskedFor() throws Exception {
		for (String extra : new String[] { "", "\"stream_options\":{\"include_usage\":false}" }) {
			Http.Stream s = Http.stream(Http.post(base + "/chat/completions", chat("hello", true, extra)).build());
			assertTrue(s.endsWithDone());
			for (Http.Event e : s.events()) {
				assertFalse(!e.done() && e.json().containsKey("usage"), "no usage chunk with '" + extra + "': " + e);
			}
			assertEquals(TOKENS, words(contents(s)));
		}
	}

	@Test
	void streamsATextCompletionWithoutARoleChunk() throws Exception {
		Http.Stream s = Http.stream(Http.post(base + "/completions",
				completion("the quick brown fox", true, "\"stream_options\":{\"include_usage\":true}")).build());
		assertNull(s.failure());
		assertTrue(s.endsWithDone());
		Map<String, Object> first = s.events().get(0).json();
		assertEquals("text_completion", first.get("object"));
		assertNotNull(Tree.string(Tree.get(Tree.at(first.get("choices"), 0), "text")));
		assertFalse(Tree.string(Tree.get(Tree.at(first.get("choices"), 0), "text")).isEmpty(),
				"no empty role chunk for completions");
		assertEquals(TOKENS, words(contents(s)));
		List<Http.Event> events = s.events();
		Object usage = events.get(events.size() - 2).json().get("usage");
		assertEquals(4L, Tree.get(usage, "prompt_tokens"));
		assertEquals("stop", Tree.get(Tree.at(events.get(events.size() - 3).json().get("choices"), 0), "finish_reason"));
	}

	@Test
	void answersAChatCompletionInOneBody() throws Exception {
		HttpResponse<String> r = Http.postJson(base + "/chat/completions", chat("a b c", false, null));
		assertEquals(200, r.statusCode());
		Map<String, Object> body = object(r.body());
		assertEquals("chat.completion", body.get("object"));
		Object choice = Tree.at(body.get("choices"), 0);
		assertEquals("assistant", Tree.get(Tree.get(choice, "message"), "role"));
		assertEquals(TOKENS, words(Tree.string(Tree.get(Tree.get(choice, "message"), "content"))));
		assertNull(Tree.get(Tree.get(choice, "message"), "reasoning_content"));
		assertEquals("stop", Tree.get(choice, "finish_reason"));
		assertEquals(5L, Tree.get(body.get("usage"), "prompt_tokens"));
		assertEquals((long) TOKENS, Tree.get(body.get("usage"), "completion_tokens"));
	}

	@Test
	void answersATextCompletionInOneBody() throws Exception {
		HttpResponse<String> r = Http.postJson(base + "/completions",
				"{\"prompt\":[\"one two\",\"three\"],\"max_tokens\":4}");
		assertEquals(200, r.statusCode());
		Map<String, Object> body = object(r.body());
		assertEquals("text_completion", body.get("object"));
		Object choice = Tree.at(body.get("choices"), 0);
		assertEquals(4, words(Tree.string(Tree.get(choice, "text"))));
		assertEquals("length", Tree.get(choice, "finish_reason"));
		assertEquals(3L, Tree.get(body.get("usage"), "prompt_tokens"));
		assertEquals(7L, Tree.get(body.get("usage"), "total_tokens"));
	}

	@Test
	void maxTokensCapsTheOutput() throws Exception {
		Http.Stream s = Http.stream(Http.post(base + "/chat/completions",
				chat("hi", true, "\"max_tokens\":4,\"stream_options\":{\"include_usage\":true}")).build());
		assertEquals(4, words(contents(s)));
		List<Http.Event> events = s.events();
		assertEquals("length", Tree.get(Tree.at(events.get(events.size() - 3).json().get("choices"), 0), "finish_reason"));
		assertEquals(4L, Tree.get(events.get(events.size() - 2).json().get("usage"), "completion_tokens"));

		Http.Stream larger = Http.stream(Http.post(base + "/chat/completions",
				chat("hi", true, "\"max_completion_tokens\":" + (TOKENS + 5))).build());
		assertEquals(TOKENS, words(contents(larger)), "a cap above the natural length changes nothing");
		List<Http.Event> e2 = larger.events();
		assertEquals("stop", Tree.get(Tree.at(e2.get(e2.size() - 2).json().get("choices"), 0), "finish_reason"));
	}

	@Test
	void rejectsInvalidJsonWith400() throws Exception {
		HttpResponse<String> r = Http.postJson(base + "/chat/completions", "{\"messages\": [");
		assertEquals(400, r.statusCode());
		Object error = object(r.body()).get("error");
		assertEquals("invalid_request_error", Tree.get(error, "type"));
		assertTrue(Tree.string(Tree.get(error, "message")).contains("JSON"), r.body());
		assertTrue(((Map<?, ?>) error).containsKey("code"));
		assertNull(Tree.get(error, "code"));

		HttpResponse<String> noMessages = Http.postJson(base + "/chat/completions", "{\"model\":\"deepstress-sim\"}");
		assertEquals(400, noMessages.statusCode());
		assertTrue(Tree.string(Tree.get(object(noMessages.body()).get("error"), "message")).contains("messages"));
	}

	@Test
	void unknownModelIs404() throws Exception {
		HttpResponse<String> r = Http.postJson(base + "/chat/completions",
				chat("hi", false, null).replace("deepstress-sim", "gpt-17"));
		assertEquals(404, r.statusCode());
		Object error = object(r.body()).get("error");
		assertTrue(Tree.string(Tree.get(error, "message")).contains("gpt-17"));
		assertEquals("invalid_request_error", Tree.get(error, "type"));
	}

	@Test
	void unknownPathIs404AndWrongMethodIs405() throws Exception {
		HttpResponse<String> r = Http.get(base + "/embeddings");
		assertEquals(404, r.statusCode());
		assertNotNull(Tree.get(object(r.body()).get("error"), "message"));

		HttpResponse<String> m = Http.get(base + "/chat/completions");
		assertEquals(405, m.statusCode());
		assertEquals("POST", m.headers().firstValue("Allow").orElse(""));
		assertNotNull(Tree.get(object(m.body()).get("error"), "message"));
		assertEquals(405, Http.postJson(base + "/models", "{}").statusCode());
	}

	@Test
	void groundTruthOverHttpIsKeyedByRequestId() throws Exception {
		String a = "gt-a-" + UUID.randomUUID();
		String b = "gt-b-" + UUID.randomUUID();
		Http.Stream sa = Http.stream(Http.post(base + "/chat/completions", chat("x y", true, null))
				.header("X-Request-Id", a).build());
		assertTrue(sa.endsWithDone());
		HttpResponse<String> rb = Http.send(Http.post(base + "/completions", completion("p q r", false, "\"max_tokens\":2"))
				.header("X-Request-Id", b).build());
		assertEquals(200, rb.statusCode());
		assertEquals(b, rb.headers().firstValue("X-Request-Id").orElse(""), "the id is echoed");

		HttpResponse<String> all = Http.get(base.replace("/v1", "/sim/requests"));
		assertEquals(200, all.statusCode());
		List<?> list = (List<?>) Tree.parse(all.body());
		Object ra = list.stream().filter(o -> a.equals(Tree.get(o, "requestId"))).findFirst().orElseThrow();
		Object rbRecord = list.stream().filter(o -> b.equals(Tree.get(o, "requestId"))).findFirst().orElseThrow();

		assertEquals("/v1/chat/completions", Tree.get(ra, "path"));
		assertEquals(Boolean.TRUE, Tree.get(ra, "stream"));
		assertEquals(4L, Tree.get(ra, "promptTokens"));
		assertEquals((long) TOKENS, Tree.get(ra, "outputTokens"));
		assertEquals(0L, Tree.get(ra, "reasoningTokens"));
		assertEquals(200L, Tree.get(ra, "status"));
		assertTrue(((Map<?, ?>) ra).containsKey("fault"));
		assertNull(Tree.get(ra, "fault"));
		ServerRecord local = sim.record(a).orElseThrow();
		assertEquals(local.arrivalNanos(), Tree.get(ra, "arrivalNanos"));
		assertEquals(local.firstContentNanos(), Tree.get(ra, "firstContentNanos"));
		assertEquals(local.endNanos(), Tree.get(ra, "endNanos"));
		assertTrue(local.arrivalNanos() < local.firstContentNanos());
		assertTrue(local.firstContentNanos() < local.lastContentNanos());
		assertTrue(local.lastContentNanos() <= local.endNanos());

		assertEquals("/v1/completions", Tree.get(rbRecord, "path"));
		assertEquals(Boolean.FALSE, Tree.get(rbRecord, "stream"));
		assertEquals(2L, Tree.get(rbRecord, "outputTokens"));
		assertEquals(3L, Tree.get(rbRecord, "promptTokens"));
	}

	@Test
	void deletingTheGroundTruthClearsIt() throws Exception {
		try (Simulator own = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ZERO))) {
			String url = own.baseUrl();
			assertEquals(200, Http.postJson(url + "/chat/completions", chat("x", false, "\"max_tokens\":1")).statusCode());
			assertEquals(1, own.records().size());
			String records = url.replace("/v1", "/sim/requests");
			HttpResponse<String> del = Http.send(HttpRequest.newBuilder(URI.create(records)).DELETE().build());
			assertEquals(204, del.statusCode());
			assertEquals(List.of(), Tree.parse(Http.get(records).body()));
			assertTrue(own.records().isEmpty());

			assertEquals(200, Http.postJson(url + "/chat/completions", chat("x", false, "\"max_tokens\":1")).statusCode());
			assertEquals(1, own.records().size());
			own.clearRecords();
			assertTrue(own.records().isEmpty());
		}
	}
}
