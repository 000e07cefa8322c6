package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.TokenSource;
import io.deepstress.simulator.ChunkFormat;
import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * The engine against each real server's chunk layout ({@link ChunkFormat}): tokens, usage and timings as the
 * simulator's ground truth has them, and every event read by the {@link ChunkScanner} (never the full parser).
 */
class ServerChunkFormatsTest {

	private static final int TOKENS = 12;
	private static final int REASONING = 3;
	private static final int PROMPTS = 16;

	private final EngineFixture fixture = new EngineFixture();

	private static Simulator start(ChunkFormat format) {
		return Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(40)).withItl(Duration.ofMillis(5))
				.withDefaultOutputTokens(TOKENS).withReasoningTokens(REASONING).withChunkFormat(format));
	}

	private RunSummary run(Simulator sim, ApiKind api, boolean usage) throws Exception {
		RunConfig c = TestRuns.simple(sim.baseUrl(), PROMPTS, 4);
		c = TestRuns.withTarget(c, new ApiTarget(sim.baseUrl(), api, "deepstress-sim", null, null));
		c = TestRuns.withRequest(c, new RequestOptions(true, null, null, null, usage));
		c = TestRuns.withLimits(c, Limits.singlePass().withWarmup(4));
		Run run = (Run) fixture.start(c);
		RunSummary summary = run.completion().get(60, TimeUnit.SECONDS);
		long events = fixture.finals().size() * (long) (expectedChunks(api, usage));
		assertEquals(0, run.chunkCounts.parsed(), "no event needed the full parser");
		assertEquals(events, run.chunkCounts.scanned(), "every event went through the scanner");
		return summary;
	}

	/** Events of one answer: (role), text chunks, finish, (usage), [DONE]. */
	private static int expectedChunks(ApiKind api, boolean usage) {
		boolean chat = api == ApiKind.CHAT;
		return (chat ? 1 : 0) + (chat ? REASONING + TOKENS : TOKENS) + 1 + (usage ? 1 : 0) + 1;
	}

	@ParameterizedTest
	@EnumSource(ChunkFormat.class)
	void chatIsMeasuredExactlyInEachFormat(ChunkFormat format) throws Exception {
		try (Simulator sim = start(format)) {
			RunSummary s = run(sim, ApiKind.CHAT, true);
			assertEquals(PROMPTS, s.succeeded());
			assertEquals(4, warmups());
			for (RequestResult r : fixture.finals()) {
				assertNull(r.error(), r.errorMessage());
				ServerRecord t = GroundTruth.truth(sim, r);
				assertEquals(TOKENS + REASONING, r.outputTokens(), "usage's completion tokens");
				assertEquals(TokenSource.USAGE, r.tokenSource());
				assertEquals(t.promptTokens(), r.inputTokens(), "usage's prompt tokens");
				assertEquals(TOKENS + REASONING - 1, r.itlCount(), "a gap between every two text chunks");
			}
			timingsMatch(sim);
		}
	}

	@ParameterizedTest
	@EnumSource(ChunkFormat.class)
	void completionsWithoutUsageCountTheChunks(ChunkFormat format) throws Exception {
		try (Simulator sim = start(format)) {
			run(sim, ApiKind.COMPLETIONS, false);
			for (RequestResult r : fixture.finals()) {
				assertNull(r.error(), r.errorMessage());
				assertEquals(TOKENS, r.outputTokens(), "one token per chunk");
				assertEquals(TokenSource.ESTIMATED, r.tokenSource());
				assertEquals(TOKENS - 1, r.itlCount());
			}
			timingsMatch(sim);
		}
	}

	private long warmups() {
		return fixture.finals().stream().filter(RequestResult::warmup).count();
	}

	/** TTFT and ITL against the server's own records: medians and a generous tail (the machine is shared). */
	private void timingsMatch(Simulator sim) {
		List<RequestResult> finals = fixture.finals();
		Spread overhead = GroundTruth.ttftOverhead(sim, finals);
		assertTrue(overhead.min() > -1_000_000L, "never before the server wrote it: " + overhead);
		assertTrue(overhead.median() < 20_000_000L, "median client-minus-server TTFT under 20 ms: " + overhead);
		Spread serverItl = GroundTruth.serverMeanItl(sim, finals);
		double clientItl = finals.stream().filter(r -> !r.warmup()).mapToLong(RequestResult::itlMeanNanos).average()
				.orElseThrow();
		assertEquals(serverItl.mean() / 1e6, clientItl / 1e6, 2.0, "mean ITL within 2 ms of the server's: " + serverItl);
	}
}
