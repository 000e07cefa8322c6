package io.deepstress.simulator.tests;

import static io.deepstress.simulator.tests.Http.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** A reasoning model: reasoning_content deltas first, then the content. */
class ReasoningTest {

	static final int REASONING = 4;
	static final int TOKENS = 6;
	static Simulator sim;

	@BeforeAll
	static void start() {
		sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(10)).withItl(Duration.ofMillis(1))
				.withDefaultOutputTokens(TOKENS).withReasoningTokens(REASONING));
	}

	@AfterAll
	static void stop() {
		sim.close();
	}

	@Test
	void streamsReasoningThenContent() throws Exception {
		String id = "reason-" + UUID.randomUUID();
		Http.Stream s = Http.stream(Http.post(sim.baseUrl() + "/chat/completions",
				chat("think", true, "\"stream_options\":{\"include_usage\":true}")).header("X-Request-Id", id).build());
		assertNull(s.failure());
		assertTrue(s.endsWithDone());
		List<String> phases = new ArrayList<>();
		int reasoningWords = 0;
		for (Http.Event e : s.events().subList(1, s.events().size() - 3)) {
			Object delta = Tree.get(Tree.at(e.json().get("choices"), 0), "delta");
			String reasoning = Tree.string(Tree.get(delta, "reasoning_content"));
			String content = Tree.string(Tree.get(delta, "content"));
			assertTrue(reasoning == null || content == null, "one kind per chunk: " + e.data());
			if (reasoning != null) {
				phases.add("r");
				reasoningWords += Http.words(reasoning);
			} else {
				phases.add("c");
			}
		}
		assertEquals(List.of("r", "r", "r", "r", "c", "c", "c", "c", "c", "c"), phases);
		assertEquals(REASONING, reasoningWords);
		assertEquals(TOKENS, Http.words(Http.contents(s)));
		Object usage = s.events().get(s.events().size() - 2).json().get("usage");
		assertEquals((long) (TOKENS + REASONING), Tree.get(usage, "completion_tokens"));
		assertEquals((long) REASONING, Tree.get(Tree.get(usage, "completion_tokens_details"), "reasoning_tokens"));

		ServerRecord r = sim.record(id).orElseThrow();
		assertEquals(REASONING, r.reasoningTokens());
		assertEquals(TOKENS, r.outputTokens());
		assertTrue(r.firstContentNanos() >= r.arrivalNanos() + Duration.ofMillis(10).toNanos(), r.toString());
	}

	@Test
	void theFirstReasoningChunkCountsAsFirstContent() throws Exception {
		// 40 ms between tokens: the first answer chunk is due 4 x 40 ms after the first reasoning chunk, a gap
		// that the median of a few requests tells apart however busy the machine is
		long ttft = Duration.ofMillis(10).toNanos();
		try (Simulator slow = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofNanos(ttft))
				.withItl(Duration.ofMillis(40)).withDefaultOutputTokens(2).withReasoningTokens(REASONING))) {
			List<Long> firstContent = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				String id = "reason-first-" + i + "-" + UUID.randomUUID();
				Http.Stream s = Http.stream(Http.post(slow.baseUrl() + "/chat/completions", chat("think", true, null))
						.header("X-Request-Id", id).build());
				assertTrue(s.endsWithDone());
				ServerRecord r = slow.record(id).orElseThrow();
				assertTrue(r.firstContentNanos() - r.arrivalNanos() >= ttft, "never before the TTFT: " + r);
				firstContent.add(r.firstContentNanos() - r.arrivalNanos());
			}
			Spread spread = new Spread(firstContent);
			assertTrue(spread.median() < ttft + Duration.ofMillis(80).toNanos(),
					"first content is the first reasoning chunk (10 ms), not the first answer chunk (170 ms): " + spread);
		}
	}

	@Test
	void nonStreamedMessageCarriesTheReasoning() throws Exception {
		HttpResponse<String> r = Http.postJson(sim.baseUrl() + "/chat/completions", chat("think", false, null));
		assertEquals(200, r.statusCode());
		Object message = Tree.get(Tree.at(Http.object(r.body()).get("choices"), 0), "message");
		assertEquals(REASONING, Http.words(Tree.string(Tree.get(message, "reasoning_content"))));
		assertEquals(TOKENS, Http.words(Tree.string(Tree.get(message, "content"))));
	}
}
