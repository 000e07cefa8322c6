package io.deepstress.simulator.tests;

import static io.deepstress.simulator.tests.Http.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** Settings that change what the server does: stream_options rejection, output range, record ring, port. */
class SettingsBehaviourTest {

	private static final SimulatorSettings FAST = SimulatorSettings.defaults().withTtft(Duration.ZERO)
			.withItl(Duration.ZERO);

	@Test
	void rejectsStreamOptionsWhenConfigured() throws Exception {
		try (Simulator sim = Simulator.start(FAST.withRejectStreamOptions(true).withDefaultOutputTokens(3))) {
			HttpResponse<String> r = Http.postJson(sim.baseUrl() + "/chat/completions",
					chat("hi", true, "\"stream_options\":{\"include_usage\":true}"));
			assertEquals(400, r.statusCode());
			Object error = Http.object(r.body()).get("error");
			assertTrue(Tree.string(Tree.get(error, "message")).contains("stream_options"), r.body());
			assertEquals("invalid_request_error", Tree.get(error, "type"));
			assertEquals(400, sim.records().get(0).status());

			Http.Stream ok = Http.stream(Http.post(sim.baseUrl() + "/chat/completions", chat("hi", true, null)).build());
			assertEquals(200, ok.status());
			assertTrue(ok.endsWithDone());
		}
		try (Simulator sim = Simulator.start(FAST.withDefaultOutputTokens(3))) {
			Http.Stream accepted = Http.stream(Http.post(sim.baseUrl() + "/chat/completions",
					chat("hi", true, "\"stream_options\":{\"include_usage\":true}")).build());
			assertEquals(200, accepted.status(), "accepted by default");
		}
	}

	@Test
	void drawsOutputLengthsFromTheRangeCappedByMaxTokens() throws Exception {
		try (Simulator sim = Simulator.start(FAST.withOutputTokenRange(3, 7))) {
			for (int i = 0; i < 30; i++) {
				assertEquals(200, Http.postJson(sim.baseUrl() + "/completions", Http.completion("p", false, null))
						.statusCode());
			}
			Set<Integer> lengths = sim.records().stream().map(ServerRecord::outputTokens).collect(Collectors.toSet());
			assertTrue(lengths.stream().allMatch(n -> n >= 3 && n <= 7), lengths.toString());
			assertTrue(lengths.size() >= 3, "uniform over the range: " + lengths);

			HttpResponse<String> capped = Http.postJson(sim.baseUrl() + "/completions",
					Http.completion("p", false, "\"max_tokens\":2"));
			Object choice = Tree.at(Http.object(capped.body()).get("choices"), 0);
			assertEquals(2, Http.words(Tree.string(Tree.get(choice, "text"))));
			assertEquals("length", Tree.get(choice, "finish_reason"));
		}
	}

	@Test
	void keepsOnlyTheLatestRecords() throws Exception {
		try (Simulator sim = Simulator.start(FAST.withMaxRecords(3))) {
			for (int i = 0; i < 5; i++) {
				Http.send(Http.post(sim.baseUrl() + "/chat/completions", chat("hi", false, "\"max_tokens\":1"))
						.header("X-Request-Id", "ring-" + i).build());
			}
			List<String> ids = sim.records().stream().map(ServerRecord::requestId).toList();
			assertEquals(List.of("ring-2", "ring-3", "ring-4"), ids);
			assertTrue(sim.record("ring-0").isEmpty());
			assertTrue(sim.record("ring-4").isPresent());
		}
	}

	@Test
	void generatesARequestIdWhenNoneIsGiven() throws Exception {
		try (Simulator sim = Simulator.start(FAST)) {
			HttpResponse<String> r = Http.postJson(sim.baseUrl() + "/chat/completions", chat("hi", false, "\"max_tokens\":1"));
			String id = r.headers().firstValue("X-Request-Id").orElseThrow();
			assertEquals(id, sim.records().get(0).requestId());
			assertTrue(sim.record(id).isPresent());
		}
	}

	@Test
	void aTakenPortFailsClearly() {
		try (Simulator first = Simulator.start(FAST)) {
			UncheckedIOException e = assertThrows(UncheckedIOException.class,
					() -> Simulator.start(FAST.withPort(first.port())).close());
			assertTrue(e.getMessage().contains(Integer.toString(first.port())), e.getMessage());
		}
	}
}
