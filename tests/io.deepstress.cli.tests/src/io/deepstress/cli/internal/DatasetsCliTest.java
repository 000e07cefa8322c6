package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code datasets import --format}, {@code datasets show}, {@code run --dataset} and {@code --multi-turn}. */
class DatasetsCliTest {

	private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "deepstress-datasets-cli-"
			+ UUID.randomUUID());
	private static final String UNIQUE = UUID.randomUUID().toString().substring(0, 8);

	private static final String SHAREGPT = """
			[
			  {"id": "c1", "conversations": [{"from": "human", "value": "Name three rivers in China."},
			    {"from": "gpt", "value": "Yangtze, Yellow River, Pearl River."},
			    {"from": "human", "value": "Which is the longest?"}]},
			  {"id": "c2", "conversations": [{"from": "gpt", "value": "no human turn"}]},
			  {"id": "c3", "conversations": [{"from": "human", "value": "请用一句话介绍上海。"}]}
			]
			""";

	@BeforeAll
	static void files() throws Exception {
		Files.createDirectories(DIR);
		Files.writeString(DIR.resolve("chat.json"), SHAREGPT, StandardCharsets.UTF_8);
		Files.writeString(DIR.resolve("bad.jsonl"), "{\"messages\": 3}\n{\"messages\": [{\"role\": \"assistant\", \"content\": \"x\"}]}\n");
		Files.writeString(DIR.resolve("q.csv"), "id,text\n1,hello there\n2,how are you\n");
	}

	@Test
	void importKeepsGoodRecordsAndListsTheOthersWithTheirLine() throws Exception {
		String name = "chat-" + UNIQUE;
		Cli.Result r = Cli.run("datasets", "import", DIR.resolve("chat.json").toString(), "--format", "sharegpt", "--name",
				name, "--multi-turn");
		assertEquals(0, r.code(), r.err());
		assertEquals("Saved dataset " + name + " (2 prompts, 1 of them conversations of several turns)\n", r.out());
		assertTrue(r.err().contains(": 1 record left out, 2 kept:\n  line 5: no human/user turn\n"), r.err());

		Cli.Result show = Cli.run("datasets", "show", name);
		assertEquals(0, show.code(), show.err());
		assertTrue(show.out().startsWith("Dataset " + name + " (saved)\nprompts: 2 (1 conversations of several turns,"
				+ " 3 user turns)\ninput tokens (cl100k_base, first turn): min "), show.out());
		// "Name three rivers in China." is 6 cl100k tokens (4-7), the Chinese one more than 8
		assertTrue(show.out().contains("      4-7              1  #"), show.out());
		assertEquals(2, show.out().lines().filter(l -> l.matches(" *[0-9]+-[0-9]+ +1 +#+")).count(), show.out());
	}

	@Test
	void aFileWithoutAUsableRecordIsABadCommandLineThatNamesTheLine() throws Exception {
		Path bad = DIR.resolve("bad.jsonl");
		Cli.Result r = Cli.run("datasets", "import", bad.toString(), "--format", "messages");
		assertEquals(2, r.code(), r.err());
		assertEquals("deepstress datasets import: dataset file " + bad + " has no usable messages records: 2 left out,"
				+ " the first at line 1: no \"messages\" array", r.firstError());
		Cli.Result run = Cli.run("run", "--url", "builtin", "--requests", "1", "--no-save", "--dataset", "messages:" + bad);
		assertEquals(2, run.code(), run.err());
		assertTrue(run.firstError().startsWith("deepstress run: --dataset messages:" + bad + ": dataset file"), run.err());
		assertTrue(run.firstError().endsWith("the first at line 1: no \"messages\" array"), run.err());
	}

	@Test
	void csvNeedsAColumnItHas() throws Exception {
		Path csv = DIR.resolve("q.csv");
		Cli.Result r = Cli.run("datasets", "import", csv.toString(), "--format", "csv:prompt");
		assertEquals(2, r.code(), r.err());
		assertEquals("deepstress datasets import: CSV file " + csv + " has no column 'prompt'; its columns: 'id', 'text'",
				r.firstError());
		Cli.Result none = Cli.run("run", "--url", "builtin", "--requests", "1", "--no-save", "--dataset", "csv:" + csv);
		assertEquals(2, none.code());
		assertEquals("deepstress run: --dataset csv:" + csv + ": a CSV dataset is csv:FILE:COLUMN (the column that holds"
				+ " the prompts)", none.firstError());
	}

	@Test
	void runSendsTheDatasetsGivenWithTheirWeights() throws Exception {
		Path out = DIR.resolve("run.json");
		Cli.Result r = Cli.run("run", "--url", "builtin", "--concurrency", "3", "--requests", "6", "--max-tokens", "4",
				"--quiet", "--no-save", "--out", out.toString(), "--dataset", "sharegpt:" + DIR.resolve("chat.json") + ":2",
				"--dataset", "csv:" + DIR.resolve("q.csv") + ":text:1");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.err().contains("1 record left out, 2 kept:\n  line 5: no human/user turn"), r.err());
		String json = Files.readString(out);
		assertTrue(json.contains("\"name\":\"chat\""), json);
		assertTrue(json.contains("\"name\":\"q\""), json);
		assertTrue(json.contains("\"succeeded\":6"), json);
		assertTrue(!json.contains("builtin"), "the datasets replace the built-in prompts: " + json);
	}

	@Test
	void multiTurnPlaysConversationsAndSplitsTtftByTurn() throws Exception {
		Path out = DIR.resolve("turns.json");
		Cli.Result r = Cli.run("run", "--url", "builtin", "--concurrency", "1", "--requests", "3", "--max-tokens", "4",
				"--no-save", "--out", out.toString(), "--dataset", "sharegpt:" + DIR.resolve("chat.json"), "--multi-turn");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("\n  TTFT1  "), r.out());
		assertTrue(r.out().contains("\n  TTFT2+ "), r.out());
		String json = Files.readString(out);
		assertTrue(json.contains("\"turns\":{\"first_turn_ttft_ms\":{\"count\":1,"), json);
		assertTrue(json.contains("\"later_turns_ttft_ms\":{\"count\":1,"), json);
		Cli.Result single = Cli.run("run", "--url", "builtin", "--concurrency", "1", "--requests", "2", "--no-save",
				"--quiet", "--out", out.toString(), "--dataset", "sharegpt:" + DIR.resolve("chat.json"));
		assertEquals(0, single.code(), single.err());
		assertTrue(!Files.readString(out).contains("\"turns\""), "without --multi-turn only first turns are sent");
	}

	@Test
	void unknownNamesAndTracesAreRefusedClearly() throws Exception {
		Cli.Result r = Cli.run("run", "--url", "builtin", "--requests", "1", "--no-save", "--dataset", "no-such-" + UNIQUE);
		assertEquals(2, r.code());
		assertEquals("deepstress run: --dataset no-such-" + UNIQUE + ": no dataset named 'no-such-" + UNIQUE + "' (see"
				+ " deepstress datasets list; a file is sharegpt:FILE, messages:FILE, csv:FILE:COLUMN or --prompts FILE)",
				r.firstError());
		Cli.Result t = Cli.run("run", "--url", "builtin", "--requests", "1", "--no-save", "--dataset", "trace:t.jsonl");
		assertEquals(2, t.code());
		assertEquals("deepstress run: --dataset trace:t.jsonl: trace file not found: t.jsonl", t.firstError());
		Cli.Result show = Cli.run("datasets", "show", "no-such-" + UNIQUE);
		assertEquals(2, show.code());
		assertEquals("deepstress datasets show: no dataset named 'no-such-" + UNIQUE + "' (see deepstress datasets list)",
				show.firstError());
	}
}
