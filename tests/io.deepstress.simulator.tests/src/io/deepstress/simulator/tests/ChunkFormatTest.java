package io.deepstress.simulator.tests;

import static io.deepstress.simulator.tests.Http.chat;
import static io.deepstress.simulator.tests.Http.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.deepstress.simulator.ChunkFormat;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * Each chunk format byte for byte against a hand-written fixture ({@code resources/chunks/*.sse}) of what that
 * server sends for the same answer: two reasoning tokens, three content tokens cut by {@code max_tokens}
 * ({@code length}), the usage asked for. Only the answer's id and creation time are replaced before comparing.
 */
class ChunkFormatTest {

	private static Simulator start(ChunkFormat format) {
		return Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(20)).withItl(Duration.ofMillis(5))
				.withReasoningTokens(2).withChunkFormat(format));
	}

	@ParameterizedTest
	@EnumSource(ChunkFormat.class)
	void chatStreamIsTheServersBytes(ChunkFormat format) throws Exception {
		try (Simulator sim = start(format)) {
			HttpResponse<String> r = Http.send(Http.post(sim.baseUrl() + "/chat/completions",
					chat("hi there", true, "\"max_tokens\":3,\"stream_options\":{\"include_usage\":true}")).build());
			assertEquals(200, r.statusCode());
			assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
			assertEquals(fixture(format.label() + "-chat.sse"), normalized(r.body()), format.label());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "vllm", "sglang", "llamacpp" })
	void completionStreamIsTheServersBytes(String label) throws Exception {
		try (Simulator sim = start(ChunkFormat.parse(label))) {
			HttpResponse<String> r = Http.send(Http.post(sim.baseUrl() + "/completions",
					completion("hi there", true, "\"max_tokens\":2,\"stream_options\":{\"include_usage\":true}")).build());
			assertEquals(200, r.statusCode());
			assertEquals(fixture(label + "-completion.sse"), normalized(r.body()), label);
		}
	}

	@Test
	void llamaCppWithoutUsageSendsItsTimingsOnTheFinishChunk() throws Exception {
		try (Simulator sim = start(ChunkFormat.LLAMACPP)) {
			HttpResponse<String> r = Http.send(Http.post(sim.baseUrl() + "/chat/completions",
					chat("hi there", true, "\"max_tokens\":3")).build());
			String[] events = normalized(r.body()).split("\n\n");
			assertEquals("data: [DONE]", events[events.length - 1]);
			String finish = events[events.length - 2];
			assertTrue(finish.contains("\"finish_reason\":\"length\"") && finish.contains(",\"timings\":{\"cache_n\":0,"),
					finish);
			assertTrue(!r.body().contains("\"usage\""), "no usage unless asked for: " + r.body());
		}
	}

	@Test
	void formatNamesParseAndAnUnknownOneIsNamedInTheError() {
		for (ChunkFormat f : ChunkFormat.values()) {
			assertEquals(f, ChunkFormat.parse(f.label().toUpperCase()));
		}
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChunkFormat.parse("tgi"));
		assertTrue(e.getMessage().contains("'tgi'") && e.getMessage().contains("vllm, sglang, llamacpp, compact"),
				e.getMessage());
		assertEquals(ChunkFormat.COMPACT, SimulatorSettings.defaults().chunkFormat());
		assertEquals(ChunkFormat.COMPACT, SimulatorSettings.defaults().withChunkFormat(null).chunkFormat());
	}

	/** The body with the answer's id and creation time replaced by {@code ID} and {@code 0}. */
	private static String normalized(String body) {
		return body.replaceAll("\"id\":\"(chat)?cmpl-sim[0-9a-f]+\"", "\"id\":\"ID\"").replaceAll("\"created\":[0-9]+",
				"\"created\":0");
	}

	private static String fixture(String name) throws IOException {
		try (InputStream in = ChunkFormatTest.class.getResourceAsStream("/resources/chunks/" + name)) {
			if (in == null) {
				throw new AssertionError("fixture missing: resources/chunks/" + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
