package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad command line exits 2 with the message the commands gave before picocli (first line on stderr, the
 * command named) and then that command's usage; nothing on stdout.
 */
class BadInputTest {

	static Stream<Arguments> badInput() {
		return Stream.of(
				bad("deepstress: unknown command 'frobnicate'", "frobnicate"),
				bad("deepstress run: unknown option --bogus", "run", "--url", "http://127.0.0.1:1/v1", "--model", "m", "--bogus"),
				bad("deepstress run: --concurrency must be a whole number, got 'zero'", "run", "--concurrency", "zero"),
				bad("deepstress run: --concurrency must be at least 1, got 0", "run", "--concurrency", "0"),
				bad("deepstress run: --rate must be a positive number, got 0", "run", "--rate", "0"),
				bad("deepstress run: --duration must be a number, got 'long'", "run", "--duration", "long"),
				bad("deepstress run: --warmup must not be negative, got -1", "run", "--warmup=-1"),
				bad("deepstress run: --temperature must be a number, got 'warm'", "run", "--temperature", "warm"),
				bad("deepstress run: --requests needs a value", "run", "--url", "builtin", "--requests"),
				bad("deepstress run: --api must be chat or completions, got 'embeddings'", "run", "--api", "embeddings"),
				bad("deepstress run: --sweep takes positive numbers separated by commas, got '1,0'", "run", "--sweep", "1,0"),
				bad("deepstress run: unexpected argument 'extra'", "run", "--url", "builtin", "extra"),
				bad("deepstress run: --url must start with http:// or https:// and name a host, got 'ftp://x'", "run",
						"--url", "ftp://x", "--model", "m"),
				bad("deepstress run: --url, --endpoint or --config is required (--url builtin for the built-in simulator)",
						"run", "--model", "m"),
				bad("deepstress run: --model is required", "run", "--url", "http://127.0.0.1:1/v1"),
				bad("deepstress run: --poisson needs --rate", "run", "--url", "http://127.0.0.1:1/v1", "--model", "m",
						"--poisson"),
				bad("deepstress run: --header must look like 'Name: value', got 'nocolon'", "run", "--url",
						"http://127.0.0.1:1/v1", "--model", "m", "--header", "nocolon"),
				bad("deepstress run: --ca-file: /nonexistent/ca.pem does not exist or cannot be read", "run", "--url",
						"https://127.0.0.1:1/v1", "--model", "m", "--ca-file", "/nonexistent/ca.pem"),
				bad("deepstress run: --ca-file and --insecure contradict each other: give one", "run", "--url",
						"https://127.0.0.1:1/v1", "--model", "m", "--ca-file", "/etc/passwd", "--insecure"),
				bad("deepstress run: --http2 cannot be combined with --config: the saved configuration sets it (change it"
						+ " with deepstress configs add)", "run", "--config", "smoke", "--http2"),
				bad("deepstress run: environment variable DEEPSTRESS_TEST_UNSET_VARIABLE is not set or empty", "run", "--url",
						"http://127.0.0.1:1/v1", "--model", "m", "--api-key-env", "DEEPSTRESS_TEST_UNSET_VARIABLE"),
				bad("deepstress run: --url cannot be combined with --config: the saved configuration sets it (change it"
						+ " with deepstress configs add)", "run", "--config", "smoke", "--url", "http://127.0.0.1:1/v1"),
				bad("deepstress run: --no-stream cannot be combined with --config: the saved configuration sets it (change"
						+ " it with deepstress configs add)", "run", "--config", "smoke", "--no-stream"),
				bad("deepstress run: --model cannot be combined with --endpoint: the saved endpoint sets it", "run",
						"--endpoint", "lab", "--model", "m"),
				bad("deepstress simulate: --port must be at most 65535", "simulate", "--port", "70000"),
				bad("deepstress simulate: --fault-abort must be between 0 and 1, got 1.5", "simulate", "--fault-abort", "1.5"),
				bad("deepstress simulate: --fault-stall must be a number between 0 and 1, got 'some'", "simulate",
						"--fault-stall", "some"),
				bad("deepstress simulate: --tokens must be at least 1, got 0", "simulate", "--tokens", "0"),
				bad("deepstress runs: say what to do: list, show, compare, merge, export, import or delete", "runs"),
				bad("deepstress runs: unknown action 'frob'", "runs", "frob"),
				bad("deepstress runs show: show takes one run id", "runs", "show"),
				bad("deepstress runs compare: compare takes two or more run ids", "runs", "compare", "one"),
				bad("deepstress runs list: unknown status 'lost'", "runs", "list", "--status", "lost"),
				bad("deepstress runs list: --sort must be start, name, status, total, rps or ttft", "runs", "list", "--sort",
						"size"),
				bad("deepstress runs list: --since must be a date like 2026-11-25 or an instant like 2026-11-25T14:00:00Z,"
						+ " got 'yesterday'", "runs", "list", "--since", "yesterday"),
				bad("deepstress runs list: --limit must be at least 1, got 0", "runs", "list", "--limit", "0"),
				bad("deepstress runs export: --format must be json or csv, got 'xml'", "runs", "export", "id", "--format",
						"xml"),
				bad("deepstress runs import: import takes one file", "runs", "import"),
				bad("deepstress gpu: the gpu command has one action: watch", "gpu"),
				bad("deepstress gpu watch: --source must be nvml, smi or amd, got 'rocm'", "gpu", "watch", "--source", "rocm"),
				bad("deepstress gpu watch: --ssh must look like user@host or user@host:port, got 'lab'", "gpu", "watch",
						"--ssh", "lab"),
				bad("deepstress gpu watch: --ssh needs --key FILE (password hosts are configured in the workbench)", "gpu",
						"watch", "--ssh", "me@lab"),
				bad("deepstress gpu watch: --interval must be at least 1, got 0", "gpu", "watch", "--interval", "0"),
				bad("deepstress hosts: say what to do: list, add or remove", "hosts"),
				bad("deepstress hosts add: add takes one host name", "hosts", "add", "--nvml"),
				bad("deepstress hosts add: say how to reach the host: --ssh, --dcgm, --nvml or --smi", "hosts", "add", "lab"),
				bad("deepstress hosts add: --ssh needs --key FILE or --password-env VAR", "hosts", "add", "lab", "--ssh",
						"me@lab"),
				bad("deepstress endpoints add: add needs --url and --model", "endpoints", "add", "lab"),
				bad("deepstress endpoints add: --url must start with http:// or https:// and name a host, got 'ftp://x'",
						"endpoints", "add", "broken", "--url", "ftp://x", "--model", "m"),
				bad("deepstress endpoints remove: remove takes the endpoint's name", "endpoints", "remove"),
				bad("deepstress configs add: add needs --endpoint NAME (see deepstress endpoints list)", "configs", "add", "c"),
				bad("deepstress configs add: --sweep takes positive numbers separated by commas, got '1,,2'", "configs",
						"add", "c", "--endpoint", "e", "--sweep", "1,,2"),
				bad("deepstress configs add: unknown option --prompts", "configs", "add", "c", "--prompts", "f.txt"),
				bad("deepstress configs show: show takes the configuration's name", "configs", "show"),
				bad("deepstress datasets import: import takes one file", "datasets", "import"),
				bad("deepstress datasets: unknown action 'export'", "datasets", "export"),
				bad("deepstress plugins install: --repo REPOSITORY is needed", "plugins", "install", "x"),
				bad("deepstress plugins: say what to do: list, available, install or uninstall", "plugins"));
	}

	private static Arguments bad(String message, String... args) {
		return Arguments.of(message, args);
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("badInput")
	void exitsTwoWithTheMessageAndTheUsage(String message, String[] args) throws Exception {
		Cli.Result r = Cli.run(args);
		assertEquals(2, r.code(), r.err());
		assertEquals(message, r.firstError(), r.err());
		String usage = message.startsWith("deepstress: ") ? "Usage: deepstress [-hV] [COMMAND]" : "Usage: deepstress " + args[0];
		assertTrue(r.err().contains(usage), "the command's usage follows: " + r.err());
		assertEquals("", r.out());
	}

	@Test
	void aMisspeltCommandGetsSuggestions() throws Exception {
		Cli.Result r = Cli.run("confgs");
		assertEquals(2, r.code());
		assertEquals("deepstress: unknown command 'confgs'", r.firstError());
		assertTrue(r.err().contains("Did you mean: deepstress configs"), r.err());
	}
}
