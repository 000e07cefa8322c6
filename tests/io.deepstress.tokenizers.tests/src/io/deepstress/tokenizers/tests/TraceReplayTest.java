package io.deepstress.tokenizers.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.tokens.PromptSynthesizer;
import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.core.trace.Trace;

/**
 * Mooncake traces: read with clear messages for bad lines, prompts of the recorded lengths sharing the prefixes
 * their hash_ids say, and a replay against the simulator that arrives at the recorded times (each arrival's
 * lateness at the server, median and tail bounded generously for a busy machine; the exact figures come from
 * TraceReplayBenchmark).
 */
class TraceReplayTest {

	private static final Path DIR = Path.of(System.getProperty("deepstress.test.dir", "target/trace-tests"));

	private static Path file(String name, String text) throws Exception {
		Files.createDirectories(DIR);
		return Files.writeString(DIR.resolve(name), text);
	}

	private static String error(String text) throws Exception {
		Path f = file("bad.jsonl", text);
		return assertThrows(IllegalArgumentException.class, () -> Trace.read(f, 0, 0)).getMessage();
	}

	@Test
	void badTracesAreRefusedWithTheLine() throws Exception {
		String ok = "{\"timestamp\": 10, \"input_length\": 5, \"output_length\": 3}\n";
		assertTrue(error(ok + "{\"timestamp\": 5, \"input_length\": 5, \"output_length\": 3}\n")
				.endsWith("line 2: timestamp 5 is earlier than the line before (10): a trace must be in arrival order"));
		assertTrue(error(ok + "\n{\"timestamp\": 20, \"output_length\": 3}\n").endsWith("line 3: missing \"input_length\""));
		assertTrue(error(ok + "{\"timestamp\": 20, \"input_length\": \"many\", \"output_length\": 3}\n")
				.contains("line 2: \"input_length\" must be a whole number >= 1"));
		assertTrue(error("not json\n").contains("line 1: not a JSON object"));
		assertTrue(error(ok + "{\"timestamp\": 20, \"input_length\": 5, \"output_length\": 3, \"hash_ids\": \"x\"}\n")
				.contains("line 2: \"hash_ids\" must be an array"));
		assertTrue(error("").contains("has no requests"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Trace.read(DIR.resolve("none.jsonl"), 0, 0))
				.getMessage().startsWith("trace file not found"));
	}

	@Test
	void startOffsetAndCapChooseTheRequests() throws Exception {
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < 10; i++) {
			b.append("{\"timestamp\": ").append(1000 + i * 100).append(", \"input_length\": 5, \"output_length\": 3}\n");
		}
		Path f = file("ten.jsonl", b.toString());
		Trace t = Trace.read(f, 250, 4);
		assertEquals(4, t.records().size());
		assertEquals(1300, t.records().get(0).timestampMs());
		assertEquals(4, t.records().get(0).line());
		var schedule = t.schedule(2, 8);
		assertEquals(java.util.List.of(0L, 100_000L, 200_000L, 300_000L), schedule.offsetsMicros());
		assertEquals(50_000_000L, schedule.dueNanos(1)); // 100 ms at speed 2
	}

	@Test
	void hashIdsShareTheirPrefixAndLengthsAreExact() throws Exception {
		Path f = file("shared.jsonl", """
				{"timestamp": 0, "input_length": 1600, "output_length": 10, "hash_ids": [1, 2, 3, 4]}
				{"timestamp": 5, "input_length": 1700, "output_length": 20, "hash_ids": [1, 2, 9, 10]}
				{"timestamp": 9, "input_length": 300, "output_length": 30, "hash_ids": [7]}
				{"timestamp": 9, "input_length": 300, "output_length": 30}
				""");
		Tokenizer t = Services.get(TokenizerService.class).resolve("o200k", null);
		Dataset d = Services.get(PromptSynthesizer.class).trace(Trace.read(f, 0, 0), t, 1);
		assertEquals(4, d.prompts().size());
		int[] lengths = { 1600, 1700, 300, 300 };
		for (int i = 0; i < 4; i++) {
			Prompt p = d.prompts().get(i);
			assertEquals(lengths[i], t.count(p.text()), p.id());
			assertEquals(lengths[i], p.inputTokens());
		}
		assertEquals(20, d.prompts().get(1).outputTokens());
		String a = d.prompts().get(0).text();
		String b = d.prompts().get(1).text();
		int common = 0;
		while (common < Math.min(a.length(), b.length()) && a.charAt(common) == b.charAt(common)) {
			common++;
		}
		int sharedTokens = t.count(a.substring(0, common));
		assertTrue(sharedTokens >= 2 * Trace.BLOCK_TOKENS - 2 && sharedTokens < 1600,
				"blocks 1 and 2 shared: " + sharedTokens + " tokens in common");
	}

	@Test
	void aReplayArrivesAtTheRecordedTimes() throws Exception {
		Path f = TraceReplay.write(Files.createDirectories(DIR), 150, 60, 3);
		TraceReplay.Lateness l = TraceReplay.replay(f, 1.0);
		assertEquals(150, l.summary().succeeded(), l.summary().toString());
		assertEquals(150, l.lateMs().size());
		double median = l.quantile(0.5);
		System.out.printf(java.util.Locale.ROOT, "trace replay lateness: median %.2f p90 %.2f p99 %.2f max %.2f ms%n", median,
				l.quantile(0.9), l.quantile(0.99), l.quantile(1.0));
		double p90 = l.quantile(0.9);
		assertTrue(median < 10, "median lateness " + median + " ms");
		assertTrue(p90 < 60, "p90 lateness " + p90 + " ms; in trace order: " + l.lateMs());
		// the whole replay took the trace's span: 150 arrivals over about 2.5 s
		assertTrue(Math.abs(l.summary().achievedRate() - l.summary().targetRate()) < 0.1 * l.summary().targetRate(),
				l.summary().achievedRate() + " vs " + l.summary().targetRate());
		for (RequestResult r : l.results()) {
			assertEquals(r.outputTokensAsked(), r.outputTokens(), "ignore_eos: exact output " + r.promptId());
		}
		assertTrue(l.summary().loadDescription().startsWith("trace replay, 150 arrivals at speed 1x"),
				l.summary().loadDescription());
	}

	@Test
	void speedScalesTheTimes() throws Exception {
		Path f = TraceReplay.write(Files.createDirectories(DIR), 60, 20, 4);
		TraceReplay.Lateness l = TraceReplay.replay(f, 4.0);
		assertEquals(60, l.lateMs().size());
		// replayed at 1x the requests would fall ever further behind (median ~1.1 s); a busy machine adds a constant
		// lag of some tens of ms, so the bound is a share of the scaled span, not a few ms (the benchmark has those)
		double scaledSpanMs = 60 / 20.0 / 4.0 * 1000;
		assertTrue(l.quantile(0.5) < scaledSpanMs / 4, "median lateness at 4x " + l.quantile(0.5) + " ms");
		assertTrue(Math.abs(l.summary().achievedRate() - l.summary().targetRate()) < 0.1 * l.summary().targetRate(),
				l.summary().achievedRate() + " vs " + l.summary().targetRate());
	}
}
