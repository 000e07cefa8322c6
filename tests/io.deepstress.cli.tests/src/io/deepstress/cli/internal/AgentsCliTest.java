package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code deepstress run --batch ID --shard I/N} and {@code deepstress runs merge --batch ID [--out FILE.json]}: two
 * agents' parts of one load merged; bad shard specs and merges of unknown batches exit 2 naming what is wrong.
 */
class AgentsCliTest {

	private static final Path DIR = Path.of(System.getProperty("deepstress.test.dir", "target/cli-tests"));

	@Test
	void twoAgentsOfOneLoadMergeIntoOneBatch() throws Exception {
		Files.createDirectories(DIR);
		String batch = "cli-agents-" + UUID.randomUUID();
		// the two agents at once, as a scheduler starts them (their runs share a window)
		java.util.concurrent.ExecutorService agents = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			java.util.List<java.util.concurrent.Future<Cli.Result>> runs = new java.util.ArrayList<>();
			for (int i = 0; i < 2; i++) {
				String shard = i + "/2";
				runs.add(agents.submit(() -> Cli.run("run", "--url", "builtin", "--concurrency", "4", "--requests", "41",
						"--max-tokens", "16", "--batch", batch, "--shard", shard, "--quiet")));
			}
			for (java.util.concurrent.Future<Cli.Result> f : runs) {
				Cli.Result r = f.get(120, java.util.concurrent.TimeUnit.SECONDS);
				assertEquals(0, r.code(), r.err());
			}
		} finally {
			agents.shutdownNow();
		}
		Path out = DIR.resolve("merged.json");
		Files.deleteIfExists(out);
		Cli.Result m = Cli.run("runs", "merge", "--batch", batch, "--out", out.toString());
		assertEquals(0, m.code(), m.err());
		assertTrue(m.out().startsWith("batch " + batch + ": 2 runs"), m.out());
		assertTrue(m.out().contains("requests     41 (41 ok, 0 failed)"), m.out());
		assertTrue(m.out().contains("(simulator)"), "the clock measured against the simulator: " + m.out());
		assertTrue(!m.out().contains("NaN") && !m.out().contains("null"), m.out());
		JsonNode json = CliJson.read(Files.readString(out));
		assertEquals(batch, json.get("batch_id").asText());
		assertEquals(41, json.get("requests").get("total").asLong(), "21 + 20: the request count split exactly");
		assertEquals("0/2", json.get("agents").get(0).get("shard").asText());
		assertEquals("1/2", json.get("agents").get(1).get("shard").asText());
		assertEquals(21, json.get("agents").get(0).get("succeeded").asLong());
		assertEquals(20, json.get("agents").get(1).get("succeeded").asLong());
		assertEquals("simulator", json.get("agents").get(0).get("clock_source").asText());
		assertEquals(41, json.get("ttft_ms").get("count").asLong());
		assertTrue(json.get("ttft_ms").get("p99").asDouble() >= json.get("ttft_ms").get("p50").asDouble());
		assertTrue(json.get("timeline").get("points").size() >= 1);
		assertEquals(0, json.get("problems").size(), json.get("problems").toString());
	}

	private static void bad(String message, String... args) throws Exception {
		Cli.Result r = Cli.run(args);
		assertEquals(2, r.code(), r.err());
		assertEquals(message, r.firstError(), r.err());
	}

	@Test
	void badShardsAndUnknownBatchesExitTwoNamingThePart() throws Exception {
		String[] run = { "run", "--url", "builtin", "--requests", "8", "--batch", "b", "--shard" };
		bad("deepstress run: --shard: the shard index 5 is not from 0 to 3 (shards are numbered from 0, as"
				+ " JOB_COMPLETION_INDEX)", with(run, "5/4"));
		bad("deepstress run: --shard: the shard count must be at least 1, not 0", with(run, "0/0"));
		bad("deepstress run: --shard: the shard index 'a' in 'a/b' is not a whole number (a shard is INDEX/COUNT, e.g."
				+ " 0/4)", with(run, "a/b"));
		bad("deepstress run: --shard needs --batch ID: every agent records into the same batch", "run", "--url",
				"builtin", "--shard", "0/2");
		bad("deepstress run: --batch records the run under a batch: it cannot be combined with --no-save", "run",
				"--url", "builtin", "--batch", "b", "--no-save");
		bad("deepstress run: shard 3/4: a concurrency of 2 cannot be split into 4 shards: each needs at least 1", "run",
				"--url", "builtin", "--concurrency", "2", "--batch", "b", "--shard", "3/4");
		bad("deepstress run: an agent of a batch (--batch, --shard) runs one run: it cannot be combined with a sweep or"
				+ " several configurations (2 runs)", "run", "--url", "builtin", "--sweep", "1,2", "--batch", "b");
		Cli.Result none = Cli.run("runs", "merge", "--batch", "no-such-batch-" + UUID.randomUUID());
		assertEquals(2, none.code(), none.err());
		assertTrue(none.firstError().startsWith("deepstress runs: no runs in batch no-such-batch-"), none.err());
		bad("deepstress runs merge: merge needs --batch ID", "runs", "merge");
	}

	private static String[] with(String[] args, String last) {
		String[] all = java.util.Arrays.copyOf(args, args.length + 1);
		all[args.length] = last;
		return all;
	}
}
