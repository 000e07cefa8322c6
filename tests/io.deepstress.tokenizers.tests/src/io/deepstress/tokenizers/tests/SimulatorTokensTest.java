package io.deepstress.tokenizers.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerException;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;
import io.deepstress.simulator.TokenSettings;
import io.deepstress.tokenizers.internal.ServerTokenizer;

/**
 * The simulator's token semantics over HTTP on loopback, and the {@code server} tokenizer against it: /tokenize in
 * both shapes, /detokenize, usage.prompt_tokens with the run's tokenizer, ignore_eos, min_tokens and the context
 * length.
 */
class SimulatorTokensTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final String TEXT = "Mixed script: 你好 world! 🌍 这是一个没有特殊字符或表情符号的较长文本。";
	private static Simulator sim;
	private static Tokenizer cl100k;
	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		cl100k = Services.get(TokenizerService.class).resolve("cl100k", null);
		sim = Simulator.start(SimulatorSettings.defaults().withTtft(java.time.Duration.ZERO)
				.withItl(java.time.Duration.ZERO), new TokenSettings(cl100k, 4096));
	}

	@AfterAll
	static void stop() {
		sim.close();
	}

	private static String root() {
		return sim.baseUrl().replaceFirst("/v1$", "");
	}

	private static HttpResponse<String> post(String url, String body) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void tokenizeAnswersBothShapes() throws Exception {
		JsonNode vllm = JSON.readTree(post(root() + "/tokenize",
				JSON.writeValueAsString(java.util.Map.of("prompt", TEXT, "add_special_tokens", false))).body());
		assertEquals(cl100k.count(TEXT), vllm.get("count").intValue());
		assertEquals(4096, vllm.get("max_model_len").intValue());
		assertEquals(cl100k.encode(TEXT)[0], vllm.get("tokens").get(0).intValue());
		JsonNode llama = JSON.readTree(post(root() + "/tokenize",
				JSON.writeValueAsString(java.util.Map.of("content", TEXT))).body());
		assertEquals(cl100k.count(TEXT), llama.get("tokens").size());
		JsonNode back = JSON.readTree(post(root() + "/detokenize", "{\"tokens\":" + vllm.get("tokens") + "}").body());
		assertEquals(TEXT, back.get("prompt").textValue());
		assertEquals(TEXT, back.get("content").textValue());
		assertEquals(400, post(root() + "/tokenize", "{\"nothing\":1}").statusCode());
		JsonNode models = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/models")).build(),
				HttpResponse.BodyHandlers.ofString()).body());
		assertEquals(4096, models.get("data").get(0).get("max_model_len").intValue());
	}

	@Test
	void serverTokenizerCountsAndCutsWithTheEndpoint() {
		Tokenizer server = Services.get(TokenizerService.class).resolve("server", URI.create(sim.baseUrl()));
		assertEquals("server:" + root() + "/tokenize", server.id());
		assertEquals(cl100k.count(TEXT), server.count(TEXT));
		assertEquals(4096, ((ServerTokenizer) server).maxModelLen().getAsInt());
		String cut = server.take(TEXT, 7);
		assertTrue(TEXT.startsWith(cut));
		assertEquals(cl100k.take(TEXT, 7), cut);
	}

	@Test
	void unusableEndpointsGiveClearMessages() {
		TokenizerService service = Services.get(TokenizerService.class);
		TokenizerException dead = assertThrows(TokenizerException.class,
				() -> service.resolve("server", URI.create("http://127.0.0.1:1/v1")));
		assertTrue(dead.getMessage().contains("unreachable") && dead.getMessage().contains("127.0.0.1:1/tokenize"),
				dead.getMessage());
		TokenizerException missing = assertThrows(TokenizerException.class,
				() -> service.resolve("server", URI.create(sim.baseUrl() + "/models")));
		assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
	}

	private static JsonNode chat(String extra) throws Exception {
		String body = "{\"model\":\"deepstress-sim\",\"messages\":[{\"role\":\"user\",\"content\":"
				+ JSON.writeValueAsString(TEXT) + "}],\"stream\":false" + extra + "}";
		HttpResponse<String> r = post(sim.baseUrl() + "/chat/completions", body);
		JsonNode json = JSON.readTree(r.body());
		return r.statusCode() == 200 ? json : JSON.createObjectNode().put("status", r.statusCode()).set("error",
				json.get("error"));
	}

	@Test
	void ignoreEosMinTokensAndContextLength() throws Exception {
		// the simulator's natural length is 128 (defaults)
		JsonNode plain = chat(",\"max_tokens\":300");
		assertEquals(128, plain.get("usage").get("completion_tokens").intValue());
		assertEquals("stop", plain.get("choices").get(0).get("finish_reason").textValue());
		assertEquals(cl100k.count(TEXT), plain.get("usage").get("prompt_tokens").intValue());
		JsonNode exact = chat(",\"max_tokens\":300,\"ignore_eos\":true");
		assertEquals(300, exact.get("usage").get("completion_tokens").intValue());
		assertEquals("length", exact.get("choices").get(0).get("finish_reason").textValue());
		JsonNode atLeast = chat(",\"max_tokens\":300,\"min_tokens\":200");
		assertEquals(200, atLeast.get("usage").get("completion_tokens").intValue());
		JsonNode capped = chat(",\"max_tokens\":50,\"min_tokens\":200");
		assertEquals(50, capped.get("usage").get("completion_tokens").intValue());
		JsonNode tooLong = chat(",\"max_tokens\":4090");
		assertEquals(400, tooLong.get("status").intValue());
		assertTrue(tooLong.get("error").get("message").textValue().contains("maximum context length is 4096"),
				tooLong.toString());
		JsonNode badFlag = chat(",\"ignore_eos\":\"yes\"");
		assertEquals(400, badFlag.get("status").intValue());
	}
}
