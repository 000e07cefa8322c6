package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;
import io.deepstress.simulator.TokenSettings;

/**
 * {@code run --input-tokens/--output-tokens}: synthetic prompts of exact lengths against the built-in simulator
 * (which counts prompt tokens with cl100k_base, so the server's count must equal the client's), the ISL/OSL
 * figures of {@code --out}, and bad input refused before the run with exit 2.
 */
class SyntheticRunTest {

	private static final Path DIR = Path.of(System.getProperty("deepstress.test.dir", "target/cli-tests"));

	private static JsonNode run(String name, String... extra) throws Exception {
		Files.createDirectories(DIR);
		Path out = DIR.resolve(name + ".json");
		Files.deleteIfExists(out);
		String[] args = new String[extra.length + 5];
		args[0] = "run";
		args[1] = "--quiet";
		args[2] = "--no-save";
		args[3] = "--out";
		args[4] = out.toString();
		System.arraycopy(extra, 0, args, 5, extra.length);
		Cli.Result r = Cli.run(args);
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("ISL") && r.out().contains("OSL"), r.out());
		return CliJson.read(Files.readString(out));
	}

	@Test
	void exactLengthsAreSentAndTheServerCountsTheSame() throws Exception {
		JsonNode json = run("synthetic", "--url", "builtin", "--requests", "24", "--concurrency", "4",
				"--input-tokens", "uniform:40:120", "--output-tokens", "40", "--prefix-tokens", "16", "--salt",
				"--seed", "5");
		assertEquals("cl100k_base", json.get("tokenizer").textValue());
		assertEquals(24, json.at("/requests/succeeded").intValue());
		JsonNode in = json.get("input_tokens");
		assertEquals(24, in.get("count").intValue());
		assertTrue(in.get("p50").intValue() >= 56 && in.get("max").intValue() <= 136, in.toString());
		JsonNode server = json.get("input_tokens_server");
		assertEquals(in.get("mean").doubleValue(), server.get("mean").doubleValue(), 1e-9, server.toString());
		assertEquals(in.get("max").intValue(), server.get("max").intValue());
		JsonNode out = json.get("output_tokens");
		assertEquals(40.0, out.get("mean").doubleValue(), 1e-9); // ignore_eos: exactly max_tokens
		assertEquals(40, out.get("p99").intValue());
		assertEquals(0, json.get("stopped_early").intValue());
		assertTrue(json.at("/datasets/0/name").textValue().startsWith("synthetic in=uniform:40:120 out=40 prefix=16"
				+ " salt seed=5 tokenizer=cl100k_base"), json.at("/datasets/0/name").toString());
	}

	@Test
	void withoutIgnoreEosTheModelStopsEarlyAndItIsCounted() throws Exception {
		// the built-in simulator's natural answer is 128 tokens
		JsonNode json = run("no-eos", "--url", "builtin", "--requests", "5", "--input-tokens", "30", "--output-tokens",
				"300", "--no-ignore-eos");
		assertEquals(128, json.at("/output_tokens/max").intValue());
		assertEquals(5, json.get("stopped_early").intValue());
		assertEquals(30, json.at("/input_tokens/p50").intValue());
	}

	@Test
	void theServerTokenizerIsTheEndpointsOwn() throws Exception {
		JsonNode json = run("server-tok", "--url", "builtin", "--requests", "3", "--input-tokens", "64", "--tokenizer",
				"server", "--output-tokens", "8");
		assertTrue(json.get("tokenizer").textValue().matches("server:http://127\\.0\\.0\\.1:\\d+/tokenize"),
				json.get("tokenizer").toString());
		assertEquals(64, json.at("/input_tokens_server/max").intValue());
		assertEquals(64, json.at("/input_tokens_server/p50").intValue());
	}

	@Test
	void aHuggingFaceTokenizerFileCountsInItsOwnTokens() throws Exception {
		Path file = Path.of(System.getProperty("deepstress.test.resources"), "tokenizers", "byte-level-bpe.json");
		JsonNode json = run("hf-tok", "--url", "builtin", "--requests", "6", "--input-tokens", "48", "--tokenizer",
				file.toString(), "--output-tokens", "8", "--seed", "3");
		assertEquals("file:" + file.toAbsolutePath(), json.get("tokenizer").textValue());
		JsonNode in = json.get("input_tokens");
		assertEquals(48, in.get("p50").intValue(), in.toString());
		assertEquals(48, in.get("max").intValue(), in.toString());
		// the simulator counts in cl100k_base tokens, far fewer than this byte-level tokenizer's
		assertTrue(json.at("/input_tokens_server/max").intValue() < 48, json.get("input_tokens_server").toString());
	}

	private static Cli.Result bad(String... args) throws Exception {
		Cli.Result r = Cli.run(args);
		assertEquals(2, r.code(), r.out() + r.err());
		assertEquals("", r.out());
		return r;
	}

	@Test
	void badInputIsRefusedBeforeTheRun() throws Exception {
		assertTrue(bad("run", "--url", "builtin", "--input-tokens", "normal:abc:3").firstError()
				.startsWith("deepstress run: --input-tokens: bad token length 'normal:abc:3'"));
		assertTrue(bad("run", "--url", "builtin", "--input-tokens", "10", "--output-tokens", "gamma:1:2").firstError()
				.contains("uniform:MIN:MAX"));
		assertEquals("deepstress run: --output-tokens, --prefix-tokens, --salt, --seed and --no-ignore-eos need"
				+ " --input-tokens (synthetic prompts)",
				bad("run", "--url", "builtin", "--output-tokens", "10").firstError());
		assertTrue(bad("run", "--url", "builtin", "--input-tokens", "10", "--tokenizer", "/no/such/tokenizer.json")
				.firstError().contains("tokenizer file not found: /no/such/tokenizer.json"));
		Path notJson = DIR.resolve("not-a-tokenizer.json");
		Files.createDirectories(DIR);
		Files.writeString(notJson, "hello");
		assertTrue(bad("run", "--url", "builtin", "--input-tokens", "10", "--tokenizer", notJson.toString())
				.firstError().contains("is not a tokenizer"));
		String dead = bad("run", "--url", "http://127.0.0.1:1/v1", "--model", "m", "--input-tokens", "10", "--tokenizer",
				"server").firstError();
		assertTrue(dead.contains("--tokenizer: ") && dead.contains("unreachable"), dead);
		assertTrue(bad("run", "--config", "smoke", "--input-tokens", "10").firstError().contains("--input-tokens cannot"
				+ " be combined with --config"));
	}

	@Test
	void aPromptBeyondTheModelsContextIsRefused() throws Exception {
		ServiceTracker<TokenizerService, TokenizerService> t = new ServiceTracker<>(
				FrameworkUtil.getBundle(SyntheticRunTest.class).getBundleContext(), TokenizerService.class, null);
		t.open();
		TokenizerService tokenizers = t.waitForService(15_000);
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults(),
				new TokenSettings(tokenizers.resolve("cl100k", null), 512))) {
			String e = bad("run", "--url", sim.baseUrl(), "--model", SimulatorSettings.DEFAULT_MODEL, "--requests", "2",
					"--input-tokens", "400", "--output-tokens", "200").firstError();
			assertTrue(e.contains("needs 600 tokens (400 in, 200 out)") && e.contains("max_model_len")
					&& e.contains("512"), e);
			assertTrue(sim.records().isEmpty(), "nothing was sent");
		} finally {
			t.close();
		}
	}

	@Test
	void aTraceIsReplayedWithItsLengths() throws Exception {
		Files.createDirectories(DIR);
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < 20; i++) {
			b.append("{\"timestamp\": ").append(5000 + i * 40).append(", \"input_length\": ").append(30 + i)
					.append(", \"output_length\": ").append(3 + i % 4).append(", \"hash_ids\": []}\n");
		}
		Path trace = Files.writeString(DIR.resolve("replay.jsonl"), b);
		JsonNode json = run("trace", "--url", "builtin", "--dataset", "trace:" + trace, "--trace-speed", "2",
				"--trace-start", "0.2");
		// the first 0.2 s of the trace (5 requests at 40 ms) are skipped
		assertEquals(15, json.at("/requests/succeeded").intValue(), json.toString());
		assertTrue(json.get("load").textValue().startsWith("trace replay, 15 arrivals at speed 2x"), json.get("load").toString());
		assertEquals(42, json.at("/input_tokens_server/p50").intValue(), json.toString()); // lengths 35..49
		assertEquals(49, json.at("/input_tokens_server/max").intValue());
		assertEquals(0, json.get("stopped_early").intValue());
		assertEquals(6, json.at("/output_tokens/max").intValue());
	}

	@Test
	void badTracesAndTraceOptionsAreRefused() throws Exception {
		Files.createDirectories(DIR);
		Path trace = Files.writeString(DIR.resolve("decreasing.jsonl"), "{\"timestamp\": 10, \"input_length\": 5,"
				+ " \"output_length\": 3}\n{\"timestamp\": 9, \"input_length\": 5, \"output_length\": 3}\n");
		assertTrue(bad("run", "--url", "builtin", "--dataset", "trace:" + trace).firstError().endsWith("line 2: timestamp 9"
				+ " is earlier than the line before (10): a trace must be in arrival order"));
		assertEquals("deepstress run: --trace-speed and --trace-start need --dataset trace:FILE",
				bad("run", "--url", "builtin", "--trace-speed", "2").firstError());
		assertTrue(bad("run", "--url", "builtin", "--dataset", "trace:" + trace, "--rate", "5").firstError()
				.contains("the trace gives the arrival times"));
		assertTrue(bad("run", "--url", "builtin", "--dataset", "trace:" + trace, "--input-tokens", "5").firstError()
				.contains("the trace gives the lengths"));
	}

	@Test
	void aSavedRunShowsItsLengthsAndTokenizer() throws Exception {
		Cli.Result r = Cli.run("run", "--url", "builtin", "--quiet", "--requests", "4", "--input-tokens", "25",
				"--output-tokens", "5", "--tokenizer", "o200k");
		assertEquals(0, r.code(), r.err());
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("saved {7}run (\\S+) in").matcher(r.out());
		assertTrue(m.find(), r.out());
		Cli.Result show = Cli.run("runs", "show", m.group(1));
		assertEquals(0, show.code(), show.err());
		assertTrue(show.out().contains("(tokens, o200k_base)"), show.out());
		assertTrue(show.out().matches("(?s).*ISL +25\\.0 +25 +25 +25.*"), show.out());
		assertTrue(show.out().matches("(?s).*OSL +5\\.0 +5 +5 +5.*"), show.out());
		assertTrue(show.out().contains("stopped early 0 of 4 requests"), show.out());
	}

	@Test
	void aTokenizerAloneCountsTheRunsOwnPrompts() throws Exception {
		Files.createDirectories(DIR);
		Path prompts = Files.writeString(DIR.resolve("counted.txt"), "你好，世界\nhello world\n");
		JsonNode json = run("counted", "--url", "builtin", "--prompts", prompts.toString(), "--tokenizer", "cl100k",
				"--max-tokens", "3");
		assertEquals("cl100k_base", json.get("tokenizer").textValue());
		// tiktoken: "你好，世界" is 6 cl100k tokens, "hello world" 2
		assertEquals(2, json.at("/input_tokens/count").intValue());
		assertEquals(6, json.at("/input_tokens/max").intValue());
		assertEquals(4.0, json.at("/input_tokens/mean").doubleValue(), 1e-9);
		assertEquals(json.at("/input_tokens/mean").doubleValue(), json.at("/input_tokens_server/mean").doubleValue(), 1e-9);
	}
}
