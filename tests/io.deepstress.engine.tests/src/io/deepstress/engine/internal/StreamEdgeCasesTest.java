package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.TokenSource;

/** Each streaming edge case, sent byte-exact by a scripted server. */
class StreamEdgeCasesTest {

	private static String chunk(String content) {
		return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n\n";
	}

	private static final String FINISH = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
	private static final String USAGE = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\n";
	private static final String ROLE = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";

	private final EngineFixture fixture = new EngineFixture();

	private RequestResult runOne(ScriptedServer.Script script) throws Exception {
		try (ScriptedServer server = new ScriptedServer(script)) {
			RunSummary summary = fixture.run(TestRuns.simple(server.baseUrl(), 1, 1), 20);
			assertEquals(RunStatus.COMPLETED, summary.status());
			return fixture.only();
		}
	}

	@Test
	void chunksSplitAcrossWritesWithMultibyteCharactersAreMeasuredExactly() throws Exception {
		byte[] stream = (ROLE + chunk("数据") + chunk(" naïve") + chunk("!") + FINISH + USAGE + "data: [DONE]\n\n")
				.getBytes(StandardCharsets.UTF_8);
		RequestResult r = runOne((c, n) -> {
			c.sseHead();
			for (int i = 0; i < stream.length; i += 3) {
				c.write(java.util.Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 3))).pause(1);
			}
		});
		assertNull(r.error(), r.errorMessage());
		assertEquals(9, r.chars(), "code points of '数据 naïve!'");
		assertEquals(3, r.outputTokens());
		assertEquals(TokenSource.USAGE, r.tokenSource());
		assertEquals(7, r.inputTokens());
		assertEquals(2, r.itlCount());
	}

	@Test
	void roleOnlyChunkAndKeepAlivesAreNotTheFirstToken() throws Exception {
		RequestResult r = runOne((c, n) -> c.sseHead().write(ROLE).write(": keep-alive\n\n").pause(300)
				.write(chunk("a")).pause(20).write(chunk("b")).write(FINISH).write("data: [DONE]\n\n"));
		assertNull(r.error(), r.errorMessage());
		assertTrue(r.ttftNanos() >= 290_000_000L, "TTFT counts to the first content, got " + r.ttftNanos());
		assertEquals(2, r.outputTokens(), "no usage: counted chunks");
		assertEquals(TokenSource.ESTIMATED, r.tokenSource());
		assertTrue(r.tpotNanos() > 0);
	}

	@Test
	void multiLineEventsAndCrLfEndings() throws Exception {
		RequestResult r = runOne((c, n) -> c.sseHead()
				.write("data: {\"choices\":[{\"index\":0,\r\ndata: \"delta\":{\"content\":\"xy\"}}]}\r\n\r\n")
				.write(FINISH).write("data: [DONE]\r\n\r\n"));
		assertNull(r.error(), r.errorMessage());
		assertEquals(2, r.chars());
	}

	@Test
	void reasoningDeltasCountAsGeneratedContent() throws Exception {
		RequestResult r = runOne((c, n) -> c.sseHead()
				.write("data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hmm\"}}]}\n\n").pause(1000)
				.write("data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"ok\"}}]}\n\n")
				.write(chunk("answer")).write(FINISH).write("data: [DONE]\n\n"));
		assertNull(r.error(), r.errorMessage());
		assertEquals(11, r.chars());
		assertEquals(3, r.outputTokens());
		// measured against the request's own end, with a pause that no scheduling delay of a busy machine covers
		assertTrue(r.ttftNanos() < r.e2eNanos() - 500_000_000L,
				"first token is the reasoning chunk, not the answer 1 s later: TTFT " + r.ttftNanos() / 1e6 + " ms, E2E "
						+ r.e2eNanos() / 1e6 + " ms");
	}

	@Test
	void anErrorObjectInsideTheStreamFailsTheRequestWithItsMessage() throws Exception {
		RequestResult r = runOne((c, n) -> c.sseHead().write(chunk("a"))
				.write("data: {\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"server_error\"}}\n\n"));
		assertEquals(ErrorKind.PROTOCOL, r.error());
		assertTrue(r.errorMessage().contains("CUDA out of memory"), r.errorMessage());
	}

	@Test
	void malformedJsonInTheStreamIsAProtocolError() throws Exception {
		RequestResult r = runOne((c, n) -> c.sseHead().write(chunk("a"))
				.write("data: {\"choices\":[{\"delta\":{\"content\":\"x\"\n\n").write(FINISH).write("data: [DONE]\n\n"));
		assertEquals(ErrorKind.PROTOCOL, r.error());
		assertTrue(r.errorMessage().contains("malformed JSON"), r.errorMessage());
	}

	@Test
	void aStreamThatEndsWithoutFinishOrDoneIsAProtocolError() throws Exception {
		RequestResult r = runOne((c, n) -> c.sseHead().write(chunk("a")).write(chunk("b")));
		assertEquals(ErrorKind.PROTOCOL, r.error());
	}

	@Test
	void truncatedChunkedStreamIsAProtocolError() throws Exception {
		RequestResult r = runOne((c, n) -> {
			c.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
			String data = chunk("a");
			c.write(Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n");
			// connection closed without the terminating chunk
		});
		assertEquals(ErrorKind.PROTOCOL, r.error(), r.errorMessage());
		assertTrue(r.errorMessage().contains("closed"), r.errorMessage());
	}

	@Test
	void http401WithOpenAiErrorBody() throws Exception {
		RequestResult r = runOne((c, n) -> c.respond(401, "Unauthorized", "application/json",
				"{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"));
		assertEquals(ErrorKind.HTTP_4XX, r.error(), r.errorMessage());
		assertEquals("http-401", r.errorKey());
		assertTrue(r.errorMessage().contains("Incorrect API key"), r.errorMessage());
	}

	@Test
	void htmlErrorPageGivesItsTitle() throws Exception {
		RequestResult r = runOne((c, n) -> c.respond(404, "Not Found", "text/html",
				"<html><head><title>404 Not Found</title></head><body><h1>nginx</h1></body></html>"));
		assertEquals("http-404", r.errorKey());
		assertTrue(r.errorMessage().contains("HTML page: 404 Not Found"), r.errorMessage());
	}

	@Test
	void nonJsonBodyOfANonStreamedRequest() throws Exception {
		try (ScriptedServer server = new ScriptedServer(
				(c, n) -> c.respond(200, "OK", "application/json", "this is not json"))) {
			fixture.run(TestRuns.withRequest(TestRuns.simple(server.baseUrl(), 1, 1),
					new RequestOptions(false, 16, null, null, false)), 20);
			RequestResult r = fixture.only();
			assertEquals(ErrorKind.PROTOCOL, r.error());
			assertTrue(r.errorMessage().contains("not JSON"), r.errorMessage());
		}
	}

	@Test
	void nonStreamedResponseIsMeasured() throws Exception {
		try (ScriptedServer server = new ScriptedServer((c, n) -> c.pause(100).respond(200, "OK", "application/json",
				"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hello world\"}}],"
						+ "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}"))) {
			fixture.run(TestRuns.withRequest(TestRuns.simple(server.baseUrl(), 1, 1),
					new RequestOptions(false, 16, 0.5, "{\"top_p\":0.9}", false)), 20);
			RequestResult r = fixture.only();
			assertNull(r.error(), r.errorMessage());
			assertEquals(2, r.outputTokens());
			assertEquals(11, r.chars());
			assertEquals(-1, r.ttftNanos(), "no TTFT without streaming");
			assertTrue(r.e2eNanos() >= 100_000_000L);
			String body = server.bodies.get(0);
			assertTrue(body.contains("\"stream\":false") && body.contains("\"max_tokens\":16")
					&& body.contains("\"temperature\":0.5") && body.contains("\"top_p\":0.9"), body);
			assertFalse(body.contains("stream_options"), body);
		}
	}

	@Test
	void aStreamThatNeverEndsHitsTheTotalTimeout() throws Exception {
		try (ScriptedServer server = new ScriptedServer((c, n) -> {
			c.sseHead().write(chunk("a"));
			for (int i = 0; i < 200 && !c.clientGone(); i++) {
				c.write(": ping\n\n").pause(50);
			}
		})) {
			fixture.run(TestRuns.withTimeouts(TestRuns.simple(server.baseUrl(), 1, 1), 1000, 5000, 800), 20);
			RequestResult r = fixture.only();
			assertEquals(ErrorKind.TIMEOUT_TOTAL, r.error(), r.errorMessage());
			// the stream would go on for 10 s
			assertTrue(r.e2eNanos() >= 750_000_000L && r.e2eNanos() < 4_000_000_000L,
					"ended at the 800 ms limit, took " + r.e2eNanos() / 1e6 + " ms");
		}
	}

	@Test
	void noFirstTokenInTimeHitsTheFirstTokenTimeout() throws Exception {
		try (ScriptedServer server = new ScriptedServer((c, n) -> {
			c.sseHead().write(ROLE);
			for (int i = 0; i < 100 && !c.clientGone(); i++) {
				c.pause(50);
			}
		})) {
			fixture.run(TestRuns.withTimeouts(TestRuns.simple(server.baseUrl(), 1, 1), 1000, 300, 10000), 20);
			RequestResult r = fixture.only();
			assertEquals(ErrorKind.TIMEOUT_FIRST_TOKEN, r.error(), r.errorMessage());
			// the server would stay silent for 5 s
			assertTrue(r.e2eNanos() >= 250_000_000L && r.e2eNanos() < 3_000_000_000L,
					"aborted at 300 ms, took " + r.e2eNanos() / 1e6 + " ms");
		}
	}

	@Test
	void aNonStreamedBodyOverTheDefaultCapIsCutOff() throws Exception {
		try (ScriptedServer server = new ScriptedServer((c, n) -> {
			c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 71303168\r\nConnection: close\r\n\r\n");
			byte[] block = new byte[1 << 20];
			java.util.Arrays.fill(block, (byte) ' ');
			for (int i = 0; i < 68 && !c.closed(); i++) {
				c.write(block);
			}
		})) {
			fixture.run(TestRuns.withRequest(TestRuns.simple(server.baseUrl(), 1, 1),
					new RequestOptions(false, null, null, null, false)), 30);
			RequestResult r = fixture.only();
			assertEquals(ErrorKind.PROTOCOL, r.error());
			assertTrue(r.errorMessage().contains("larger than the 64 MiB cap for a non-streamed answer"), r.errorMessage());
		}
	}

	@Test
	void refusedPortIsAConnectErrorAndTheRunStillFinishes() throws Exception {
		int port;
		try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		RunSummary summary = fixture.run(TestRuns.simple("http://127.0.0.1:" + port + "/v1", 5, 2), 20);
		assertEquals(5, summary.total());
		assertEquals(5, summary.failed());
		assertEquals(5L, summary.errors().get("connect"));
		assertTrue(fixture.finals().get(0).errorMessage().contains("connection failed"),
				fixture.finals().get(0).errorMessage());
	}

	@Test
	void anUnknownHostNameIsAConnectErrorNamingTheHost() throws Exception {
		// this test JVM resolves names from resources/hosts only (-Djdk.net.hosts.file): no DNS query is sent
		assertEquals(java.nio.file.Path.of(System.getProperty("jdk.net.hosts.file")).getFileName().toString(), "hosts");
		RunSummary summary = fixture.run(TestRuns.simple("http://no-such-host.deepstress.invalid:8000/v1", 3, 1), 20);
		assertEquals(3, summary.total());
		assertEquals(3, summary.failed());
		assertEquals(3L, summary.errors().get("connect"));
		String message = fixture.finals().get(0).errorMessage();
		assertTrue(message.contains("unknown host") && message.contains("no-such-host.deepstress.invalid"), message);
	}

	@Test
	void tlsToAPlainHttpServerIsAConnectErrorNamingTls() throws Exception {
		// a plain HTTP server answers the TLS client hello with an HTTP error, as real ones do
		try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
			Thread t = new Thread(() -> {
				try (java.net.Socket s = plain.accept()) {
					s.setSoTimeout(5000);
					s.getInputStream().read(new byte[512]); // the client hello
					s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
							.getBytes(StandardCharsets.US_ASCII));
					s.getOutputStream().flush();
					Thread.sleep(3000); // stay open: the client must fail on the answer, not on a closed socket
				} catch (Exception e) {
					// test ends
				}
			});
			t.setDaemon(true);
			t.start();
			fixture.run(TestRuns.simple("https://127.0.0.1:" + plain.getLocalPort() + "/v1", 1, 1), 20);
			RequestResult r = fixture.only();
			assertEquals(ErrorKind.CONNECT, r.error(), r.errorMessage());
			assertTrue(r.errorMessage().contains("TLS"), r.errorMessage());
		}
	}

	@Test
	void resultsArriveInBatchesAndTheListenerHearsTheEndOnce() throws Exception {
		byte[] ok = (chunk("a") + FINISH + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
		try (ScriptedServer server = new ScriptedServer((c, n) -> c.sseHead().write(ok))) {
			RunSummary summary = fixture.run(TestRuns.simple(server.baseUrl(), 200, 8), 30);
			assertEquals(200, summary.succeeded());
			assertEquals(200, fixture.all().size());
			assertTrue(fixture.batchSizes.size() < 200, "batched, not one call per request: " + fixture.batchSizes);
			assertEquals(1, fixture.finishedCalls);
			List<String> ids = fixture.all().stream().map(RequestResult::requestId).distinct().toList();
			assertEquals(200, ids.size(), "unique request ids");
		}
	}
}
