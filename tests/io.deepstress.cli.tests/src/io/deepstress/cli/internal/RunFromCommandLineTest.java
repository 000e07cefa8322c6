package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * From the command line to the real services: {@code run} of the built-in simulator with the options parsed by
 * picocli; a failure of a service exits 1.
 */
class RunFromCommandLineTest {

	private static final Path DIR = Path.of(System.getProperty("deepstress.test.dir", "target/cli-tests"));

	@Test
	void runOfTheBuiltinSimulatorUsesTheOptionsGiven() throws Exception {
		Files.createDirectories(DIR);
		Path out = DIR.resolve("builtin.json");
		Path samples = DIR.resolve("builtin.jsonl");
		Files.deleteIfExists(out);
		// a repeated option's last value counts, as with the hand-written parser
		Cli.Result r = Cli.run("run", "--url", "builtin", "--concurrency", "1", "--concurrency=2", "--requests", "6",
				"--max-tokens", "4", "--name", "from-test", "--quiet", "--no-save", "--out", out.toString(), "--samples",
				samples.toString());
		assertEquals(0, r.code(), r.err());
		// a busy machine may stamp the run client-limited (the watchdog's WARNING): that is no progress line
		assertEquals("", r.err().lines().filter(l -> !l.startsWith("deepstress run: WARNING: run ")).reduce("", String::concat),
				"--quiet: no progress lines");
		assertTrue(r.out().contains("TTFT"), "the summary table: " + r.out());
		assertTrue(!r.out().contains("saved       run"), "--no-save: " + r.out());
		String json = Files.readString(out);
		assertEquals("from-test", field(json, "name"));
		assertEquals("2", field(json, "concurrency"));
		assertTrue(json.contains("\"succeeded\":6"), json);
		assertEquals(6, Files.readAllLines(samples).size());
	}

	@Test
	void outputIntoAMissingFolderIsABadCommandLine() throws Exception {
		Path missing = DIR.resolve("no-such-folder").resolve("x.json");
		Cli.Result r = Cli.run("run", "--url", "builtin", "--requests", "1", "--no-save", "--out", missing.toString());
		assertEquals(2, r.code(), r.err());
		assertEquals("deepstress run: cannot write " + missing + ": the folder " + missing.getParent().toAbsolutePath()
				+ " does not exist", r.firstError());
	}

	@Test
	void anUnknownSavedConfigurationIsABadCommandLine() throws Exception {
		Cli.Result r = Cli.run("run", "--config", "no such configuration");
		assertEquals(2, r.code(), r.err());
		assertEquals("deepstress run: no saved configuration named 'no such configuration' (see deepstress configs list)",
				r.firstError());
	}

	@Test
	void aRunThatIsNotStoredExitsOne() throws Exception {
		Cli.Result r = Cli.run("runs", "show", "no-such-run");
		assertEquals(1, r.code(), r.err());
		assertEquals("deepstress runs: no run no-such-run", r.firstError());
		assertTrue(!r.err().contains("Usage:"), "no usage for a refusal: " + r.err());
	}

	private static String field(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
		assertTrue(m.find(), name + " in " + json);
		return m.group(1);
	}
}
