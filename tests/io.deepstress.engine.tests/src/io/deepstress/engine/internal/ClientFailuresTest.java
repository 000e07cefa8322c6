package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;

/**
 * Failures of the client itself and odd answers (issue 16): the file-handle limit checked before a run, a local
 * resource failure classified as the client's, a redirect as 3xx, a plain JSON answer to a streaming request
 * noted, tokens received before a total timeout kept, and no Jetty object dumps in messages.
 */
class ClientFailuresTest {

	private static String chunk(String content) {
		return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n\n";
	}

	private final EngineFixture fixture = new EngineFixture();

	private RequestResult runOne(ScriptedServer.Script script, RequestOptions request) throws Exception {
		try (ScriptedServer server = new ScriptedServer(script)) {
			RunConfig config = TestRuns.simple(server.baseUrl(), 1, 1);
			RunSummary summary = fixture.run(request == null ? config : TestRuns.withRequest(config, request), 20);
			assertEquals(RunStatus.COMPLETED, summary.status());
			return fixture.only();
		}
	}

	@Test
	void theLimitsAreThoseOfThisProcess() throws IOException {
		FileHandles.Limits limits = FileHandles.current();
		assertNotNull(limits, "Linux: /proc/self/limits is readable");
		String line = Files.readAllLines(Path.of("/proc/self/limits")).stream()
				.filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
		assertTrue(line.contains(limits.soft() < 0 ? "unlimited" : Long.toString(limits.soft())), line);
		assertTrue(limits.open() > 3, "stdin, stdout, stderr and the jars at least: " + limits.open());
		assertTrue(limits.hard() < 0 || limits.hard() >= limits.soft());
	}

	@Test
	void moreConnectionsThanTheLimitAllowsAreRefusedBeforeTheRunSayingWhatToRun() {
		FileHandles.Limits limits = FileHandles.current();
		if (limits.soft() < 0) {
			throw new AssertionError("this test needs a finite open-file limit (ulimit -n), found unlimited");
		}
		int tooMany = (int) Math.min(Integer.MAX_VALUE - 10, limits.soft() + 1);
		RunConfig config = TestRuns.simple("http://127.0.0.1:1/v1", 1, 1);
		RunConfig big = new RunConfig(config.name(), config.target(), config.request(), config.datasets(),
				new Load.ClosedLoop(tooMany), config.limits(), config.timeouts(), config.retry());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fixture.engine.check(big));
		assertTrue(e.getMessage().contains("ulimit -n") && e.getMessage().contains(Long.toString(limits.soft())),
				e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> fixture.engine.start(big, fixture));
		assertNull(fixture.finished, "nothing started");
		// a run that fits passes the same check
		fixture.engine.check(config);

		// a hard limit below what is needed: the message says to raise that first
		IllegalArgumentException hard = assertThrows(IllegalArgumentException.class,
				() -> FileHandles.check(4096, new FileHandles.Limits(1024, 1024, 40)));
		assertTrue(hard.getMessage().contains("hard limit is 1024") && hard.getMessage().contains("ulimit -n"),
				hard.getMessage());
		IllegalArgumentException soft = assertThrows(IllegalArgumentException.class,
				() -> FileHandles.check(4096, new FileHandles.Limits(1024, 1048576, 40)));
		assertTrue(soft.getMessage().contains("ulimit -n 4200"), soft.getMessage());
		FileHandles.check(900, new FileHandles.Limits(1024, 1024, 40));
	}

	@Test
	void runningOutOfFileHandlesIsTheClientsErrorNotTheServers() {
		// what Java throws when socket() fails with EMFILE, bare and as Jetty wraps it
		for (Throwable t : List.of(new SocketException("Too many open files"),
				new IOException("connect failed", new SocketException("Too many open files")))) {
			Failures.Classified c = Failures.classify(t, false, false);
			assertEquals(ErrorKind.CLIENT, c.kind(), c.message());
			assertEquals("client", c.kind().key(0));
			assertTrue(c.message().contains("ulimit -n") && c.message().contains("not the server's"), c.message());
		}
		Failures.Classified ports = Failures.classify(new java.net.BindException("Cannot assign requested address"),
				false, false);
		assertEquals(ErrorKind.CLIENT, ports.kind());
		// a summary with such errors is client-limited; one without is not
		RunSummary limited = new RunSummary("r", "n", "m", "closed loop, concurrency 1", 1, RunStatus.COMPLETED, null, 0,
				1, 1, 2, 1, 1, 2, 0, 0, 0, 0, 1, 0, Double.NaN, Double.NaN, LatencyStats.EMPTY, LatencyStats.EMPTY,
				LatencyStats.EMPTY, LatencyStats.EMPTY, java.util.Map.of("client", 1L), List.of(), 1, 1, 1);
		assertTrue(limited.clientLimited());
		RunSummary server = new RunSummary("r", "n", "m", "closed loop, concurrency 1", 1, RunStatus.COMPLETED, null, 0,
				1, 1, 2, 1, 1, 2, 0, 0, 0, 0, 1, 0, Double.NaN, Double.NaN, LatencyStats.EMPTY, LatencyStats.EMPTY,
				LatencyStats.EMPTY, LatencyStats.EMPTY, java.util.Map.of("connect", 1L), List.of(), 1, 1, 1);
		assertFalse(server.clientLimited());
	}

	@Test
	void aRedirectIsA3xxNamingWhereItPoints() throws Exception {
		RequestResult r = runOne((c, n) -> c.respond(307, "Temporary Redirect", "text/plain", "",
				"Location: https://gateway.example/v2/chat/completions"), null);
		assertEquals(ErrorKind.HTTP_3XX, r.error(), r.errorMessage());
		assertEquals("http-307", r.errorKey());
		assertTrue(r.errorMessage().contains("redirect to https://gateway.example/v2/chat/completions"), r.errorMessage());
	}

	@Test
	void aPlainJsonAnswerToAStreamingRequestSucceedsWithANote() throws Exception {
		RequestResult r = runOne((c, n) -> c.respond(200, "OK", "application/json",
				"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hello\"}}],"
						+ "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}"), null);
		assertTrue(r.succeeded(), r.errorMessage());
		assertEquals(5, r.chars());
		assertNotNull(r.errorMessage(), "a note is recorded");
		assertTrue(r.errorMessage().contains("ignored \"stream\": true"), r.errorMessage());
		assertEquals(-1, r.ttftNanos());
	}

	@Test
	void tokensReceivedBeforeTheTotalTimeoutAreRecorded() throws Exception {
		try (ScriptedServer server = new ScriptedServer((c, n) -> {
			c.sseHead().write(chunk("a")).pause(20).write(chunk("bc")).pause(20).write(chunk("d"));
			for (int i = 0; i < 200 && !c.clientGone(); i++) {
				c.write(": ping\n\n").pause(50);
			}
		})) {
			fixture.run(TestRuns.withTimeouts(TestRuns.simple(server.baseUrl(), 1, 1), 1000, 5000, 800), 20);
			RequestResult r = fixture.only();
			assertEquals(ErrorKind.TIMEOUT_TOTAL, r.error(), r.errorMessage());
			assertEquals(3, r.outputTokens(), "three content chunks before the timeout");
			assertEquals(4, r.chars(), "a, bc, d");
			assertEquals(0, fixture.finished.outputTokens(), "a failed request adds no tokens to the run's figures");
		}
	}

	@Test
	void aConnectionClosedAfterTheHeadersSaysSoWithoutJettyInternals() throws Exception {
		RequestResult r = runOne((c, n) -> c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 1295\r\n\r\n{\"choices\":[{\"index\":0,"), new RequestOptions(false, 16, null, null, false));
		assertEquals(ErrorKind.PROTOCOL, r.error(), r.errorMessage());
		assertTrue(r.errorMessage().contains("closed after the response headers"), r.errorMessage());
		assertFalse(r.errorMessage().matches("(?s).*[A-Za-z]@[0-9a-f]{4,}.*") || r.errorMessage().contains("oejc")
				|| r.errorMessage().contains("::"), r.errorMessage());
		// the classifier itself drops a message that is an object dump
		String dump = "oejcti.HttpConnectionOverHTTP@41c31197::idei.JettyLoadEngine$SkipEmptyReads@458be3ff[{l=/127.0.0.1}]";
		Failures.Classified c = Failures.classify(new java.io.EOFException(dump), true, false);
		assertEquals("the connection closed after the response headers, before the response was complete"
				+ " (EOFException)", c.message());
	}
}
