package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** A prompt's own lengths go into the request and into its result: what was sent, what was asked for. */
class TrafficFieldsTest {

	private final EngineFixture fixture = new EngineFixture();

	@Test
	void aPromptsOutputLengthIsAskedForAndRecordedWithItsInputLength() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withDefaultOutputTokens(40))) {
			Dataset sized = new Dataset("sized", List.of(new Prompt("short", "tell me a little", 12, 5),
					new Prompt("long", "tell me a lot", 9, 400), new Prompt("plain", "tell me")));
			RunConfig base = TestRuns.simple(sim.baseUrl(), 1, 1);
			RunConfig config = new RunConfig("traffic", base.target(), base.request(), List.of(new DatasetShare(sized, 1)),
					base.load(), base.limits(), base.timeouts(), base.retry());
			RunSummary summary = fixture.run(config, 30);
			assertEquals(3, summary.succeeded());
			RequestResult shortOne = result("short"), longOne = result("long"), plain = result("plain");
			assertEquals(12, shortOne.inputTokensSent());
			assertEquals(5, shortOne.outputTokensAsked());
			assertEquals(5, shortOne.outputTokens(), "max_tokens reached the server");
			assertFalse(shortOne.stoppedEarly());
			assertEquals(400, longOne.outputTokensAsked());
			assertEquals(40, longOne.outputTokens(), "the simulator stops at its natural length");
			assertTrue(longOne.stoppedEarly(), "fewer tokens than asked for is an early stop");
			assertEquals(-1, plain.inputTokensSent());
			assertEquals(-1, plain.outputTokensAsked(), "no max_tokens in the run's options, none asked");
			assertFalse(plain.stoppedEarly());
			assertEquals(0, plain.turn());
			assertNull(plain.conversationId());
		}
	}

	private RequestResult result(String promptId) {
		return fixture.finals().stream().filter(r -> r.promptId().equals(promptId)).findFirst().orElseThrow();
	}
}
