package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.NetworkOptions;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.TokenSource;

/**
 * Long answers: a streamed response has no size limit (a reasoning model writing 64k tokens sends ~20 MB), a
 * non-streamed body has a configurable cap, and a stream that breaks keeps what it had measured.
 */
class LongStreamsTest {

	private final EngineFixture fixture = new EngineFixture();

	/** One content event of {@code chars} ASCII characters. */
	private static byte[] event(int chars) {
		char[] text = new char[chars];
		Arrays.fill(text, 'x');
		return ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
				+ new String(text) + "\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void aTwentyMegabyteStreamIsReadWhole() throws Exception {
		int events = 40_000;
		int chars = 480;
		byte[] one = event(chars);
		int perBlock = 256;
		byte[] block = new byte[one.length * perBlock];
		for (int i = 0; i < perBlock; i++) {
			System.arraycopy(one, 0, block, i * one.length, one.length);
		}
		long total = (long) one.length * events;
		assertTrue(total > 20_000_000L, "over 20 MB of events: " + total);
		try (ScriptedServer server = new ScriptedServer((c, n) -> {
			c.sseHead();
			int sent = 0;
			while (sent + perBlock <= events) {
				c.write(block);
				sent += perBlock;
			}
			for (; sent < events; sent++) {
				c.write(one);
			}
			c.write("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
					+ "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":" + events + "}}\n\n"
					+ "data: [DONE]\n\n");
		})) {
			RunSummary s = fixture.run(TestRuns.simple(server.baseUrl(), 1, 1), 60);
			RequestResult r = fixture.only();
			assertNull(r.error(), r.errorMessage());
			assertEquals(1, s.succeeded());
			assertEquals(events, r.outputTokens());
			assertEquals(TokenSource.USAGE, r.tokenSource());
			assertEquals((long) events * chars, r.chars(), "every character of every event");
			assertEquals(events - 1, r.itlCount());
		}
	}

	@Test
	void aNonStreamedBodyOverAConfiguredCapFailsWithAClearMessage() throws Exception {
		String body = "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"" + "y".repeat(2 << 20) + "\"}}]}";
		try (ScriptedServer server = new ScriptedServer((c, n) -> c.respond(200, "OK", "application/json", body))) {
			RunConfig config = TestRuns.withRequest(TestRuns.simple(server.baseUrl(), 2, 1),
					new RequestOptions(false, null, null, null, false));
			fixture.run(config.withNetwork(NetworkOptions.defaults().withMaxBodyBytes(1 << 20)), 30);
			for (RequestResult r : fixture.finals()) {
				assertEquals(ErrorKind.PROTOCOL, r.error());
				assertEquals("the response body is larger than the 1 MiB cap for a non-streamed answer"
						+ " (raise it with --max-body-mib)", r.errorMessage());
			}
		}
		try (ScriptedServer server = new ScriptedServer((c, n) -> c.respond(200, "OK", "application/json", body))) {
			RunConfig config = TestRuns.withRequest(TestRuns.simple(server.baseUrl(), 1, 1),
					new RequestOptions(false, null, null, null, false));
			EngineFixture big = new EngineFixture();
			big.run(config.withNetwork(NetworkOptions.defaults().withMaxBodyBytes(4 << 20)), 30);
			assertNull(big.only().error(), big.only().errorMessage());
			assertEquals(2 << 20, big.only().chars(), "within a raised cap the body is read");
		}
	}

	@Test
	void aStreamCutShortKeepsItsTtftAndTokensSoFar() throws Exception {
		try (ScriptedServer server = new ScriptedServer((c, n) -> {
			c.sseHead().pause(30).write(event(3)).pause(10).write(event(2)).pause(10).write(event(4)).pause(10);
			// the connection closes here: no finish reason, no [DONE]
		})) {
			fixture.run(TestRuns.simple(server.baseUrl(), 1, 1), 30);
			RequestResult r = fixture.only();
			assertEquals(ErrorKind.PROTOCOL, r.error(), r.errorMessage());
			assertTrue(r.ttftNanos() >= 25_000_000L, "the first token's time is kept: " + r.ttftNanos());
			assertTrue(r.ttftNanos() < r.e2eNanos());
			assertEquals(3, r.outputTokens(), "three content chunks arrived");
			assertEquals(9, r.chars());
			assertEquals(2, r.itlCount(), "two gaps measured");
			assertEquals(0, fixture.finished.outputTokens(), "a failed request adds no tokens to the run's figures");
			assertEquals(0, fixture.finished.ttft().count(), "nor a TTFT to its percentiles");
		}
	}
}
