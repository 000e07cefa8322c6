package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * Conversations played turn by turn: each later turn carries the earlier user turns and the assistant's real
 * answers, is sent when the turn before it ends, and is recorded with its turn and conversation; a failed turn
 * ends its conversation; the summary splits TTFT into first and later turns.
 */
class MultiTurnTest {

	private final EngineFixture fixture = new EngineFixture();

	private static RunConfig with(RunConfig base, Dataset d, RequestOptions request, Limits limits) {
		return new RunConfig("multi-turn", base.target(), request != null ? request : base.request(),
				List.of(new DatasetShare(d, 1)), base.load(), limits != null ? limits : base.limits(), base.timeouts(),
				base.retry());
	}

	@Test
	void everyTurnCarriesTheHistoryWithTheRealAnswers() throws Exception {
		Dataset d = new Dataset("chat", List.of(new Prompt("conv", "first question", List.of("second", "third"), -1, -1)));
		try (ScriptedServer server = new ScriptedServer((c, n) -> c.respond(200, "OK", "application/json",
				"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"answer " + n
						+ " 答\"},\"finish_reason\":\"stop\"}]}"))) {
			RunSummary summary = fixture.run(with(TestRuns.simple(server.baseUrl(), 1, 1), d,
					new RequestOptions(false, 16, null, null, false), null), 20);
			assertEquals(3, summary.succeeded());
			assertEquals(3, server.bodies.size());
			assertEquals(List.of("user:first question"), messages(server.bodies.get(0)));
			assertEquals(List.of("user:first question", "assistant:answer 0 答", "user:second"),
					messages(server.bodies.get(1)));
			assertEquals(List.of("user:first question", "assistant:answer 0 答", "user:second", "assistant:answer 1 答",
					"user:third"), messages(server.bodies.get(2)));
			List<RequestResult> results = fixture.finals().stream()
					.sorted(Comparator.comparingLong(RequestResult::index)).toList();
			assertEquals(List.of(0, 1, 2), results.stream().map(RequestResult::turn).toList());
			String conversation = results.get(0).conversationId();
			assertNotNull(conversation);
			assertTrue(results.stream().allMatch(r -> conversation.equals(r.conversationId())), results.toString());
			assertEquals(3, results.stream().map(RequestResult::index).distinct().count(), "each turn is a request");
		}
	}

	@Test
	void aFailedTurnEndsItsConversation() throws Exception {
		Dataset d = new Dataset("chat", List.of(new Prompt("conv", "one", List.of("two", "three"), -1, -1)));
		try (ScriptedServer server = new ScriptedServer((c, n) -> {
			if (n == 1) {
				c.respond(500, "Internal Server Error", "application/json", "{\"error\":{\"message\":\"boom\"}}");
			} else {
				c.respond(200, "OK", "application/json",
						"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"fine\"},\"finish_reason\":\"stop\"}]}");
			}
		})) {
			RunSummary summary = fixture.run(with(TestRuns.simple(server.baseUrl(), 1, 1), d,
					new RequestOptions(false, 16, null, null, false), null), 20);
			assertEquals(2, server.requests(), "the third turn is not sent");
			assertEquals(1, summary.succeeded());
			assertEquals(1, summary.failed());
			RequestResult failed = fixture.finals().stream().filter(r -> !r.succeeded()).findFirst().orElseThrow();
			assertEquals(1, failed.turn());
			assertEquals(ErrorKind.HTTP_5XX, failed.error());
			assertNotNull(failed.conversationId());
		}
	}

	@Test
	void againstTheSimulatorLaterTurnsSendTheStreamedAnswersBack() throws Exception {
		// two conversations of three turns and one single prompt, two at a time, streamed
		Dataset d = new Dataset("chat", List.of(
				new Prompt("a", "tell me about caches", List.of("and prefixes", "and eviction please"), -1, -1),
				new Prompt("b", "one two three four", List.of("five six"), -1, -1),
				new Prompt("single", "just once")));
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withDefaultOutputTokens(7))) {
			RunSummary summary = fixture.run(with(TestRuns.simple(sim.baseUrl(), 1, 2), d, null, null), 30);
			assertEquals(6, summary.succeeded());
			List<RequestResult> results = fixture.finals();
			RequestResult single = results.stream().filter(r -> r.promptId().equals("single")).findFirst().orElseThrow();
			assertNull(single.conversationId());
			for (String id : List.of("a", "b")) {
				List<RequestResult> turns = results.stream().filter(r -> r.promptId().equals(id))
						.sorted(Comparator.comparingInt(RequestResult::turn)).toList();
				Prompt p = d.prompts().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
				assertEquals(p.turns(), turns.size());
				int expected = 0;
				for (RequestResult turn : turns) {
					// the simulator counts the words of every message: history (its own 7-word answers) + this turn
					expected += words(p.turn(turn.turn()));
					ServerRecord server = sim.record(turn.requestId()).orElseThrow();
					assertEquals(expected, server.promptTokens(), id + " turn " + turn.turn());
					assertEquals(turn.conversationId(), turns.get(0).conversationId());
					expected += 7;
					// sent after the turn before it ended
					if (turn.turn() > 0) {
						RequestResult before = turns.get(turn.turn() - 1);
						assertTrue(turn.startNanos() >= before.startNanos() + before.e2eNanos(), "turn " + turn.turn());
					}
				}
			}
			assertEquals(2, summary.turns().firstTurnTtft().count());
			assertEquals(3, summary.turns().laterTurnTtft().count());
			assertEquals(6, summary.ttft().count());
		}
	}

	@Test
	void requestLimitCutsAConversationShort() throws Exception {
		Dataset d = new Dataset("chat", List.of(new Prompt("long", "q0", List.of("q1", "q2", "q3", "q4"), -1, -1)));
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withDefaultOutputTokens(3))) {
			RunSummary summary = fixture.run(with(TestRuns.simple(sim.baseUrl(), 1, 1), d, null, Limits.requests(3)), 30);
			assertEquals(3, summary.total());
			assertEquals(List.of(0, 1, 2), fixture.finals().stream().map(RequestResult::turn).sorted().toList());
		}
	}

	private static List<String> messages(String body) {
		JsonNode json = EngineJson.parse(body);
		return java.util.stream.StreamSupport.stream(json.get("messages").spliterator(), false)
				.map(m -> m.get("role").textValue() + ":" + m.get("content").textValue()).toList();
	}

	private static int words(String text) {
		return text.isBlank() ? 0 : text.strip().split("\\s+").length;
	}
}
