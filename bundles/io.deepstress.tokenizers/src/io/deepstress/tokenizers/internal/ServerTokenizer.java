package io.deepstress.tokenizers.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerException;

/**
 * The endpoint's own tokenizer: {@code POST {root}/tokenize}, where root is the endpoint's base URL without
 * {@code /v1}. Two request shapes are known and probed once, when the tokenizer is made: vLLM/SGLang
 * ({@code {"prompt": ..., "add_special_tokens": false}} answering {@code {"count", "max_model_len",
 * "tokens"}}) and llama.cpp ({@code {"content": ..., "add_special": false}} answering {@code {"tokens"}}).
 * Counts of texts already asked are not cached here: the synthesizer asks each text once.
 */
public final class ServerTokenizer implements Tokenizer {

	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	/** The request shape the server understood. */
	enum Shape {
		PROMPT, CONTENT
	}

	private final HttpClient http;
	private final URI root;
	private final String model;
	private final Shape shape;
	private final OptionalInt maxModelLen;

	private ServerTokenizer(HttpClient http, URI root, String model, Shape shape, OptionalInt maxModelLen) {
		this.http = http;
		this.root = root;
		this.model = model;
		this.shape = shape;
		this.maxModelLen = maxModelLen;
	}

	/**
	 * Probes {@code endpoint}'s {@code /tokenize} with a short text.
	 *
	 * @param endpoint the endpoint's base URL, with or without {@code /v1}
	 * @param model    the model to name in the request, or null
	 * @throws TokenizerException when neither shape is answered
	 */
	public static ServerTokenizer probe(URI endpoint, String model) {
		URI root = root(endpoint);
		HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
		String problem = null;
		for (Shape shape : Shape.values()) {
			try {
				JsonNode answer = post(http, root.resolve("tokenize"), body(shape, model, "Hello, world"));
				if (answer.path("tokens").isArray() && !answer.path("tokens").isEmpty()) {
					JsonNode max = answer.get("max_model_len");
					return new ServerTokenizer(http, root, model, shape,
							max != null && max.canConvertToInt() && max.intValue() > 0 ? OptionalInt.of(max.intValue())
									: OptionalInt.empty());
				}
				problem = "its answer has no \"tokens\" list";
			} catch (TokenizerException e) {
				problem = e.getMessage();
				if (e.getCause() instanceof IOException) {
					break; // not reachable at all: the other shape will not do better
				}
			}
		}
		throw new TokenizerException("the endpoint's tokenizer " + root.resolve("tokenize") + " cannot be used: "
				+ problem + " (the server tokenizer needs a vLLM, SGLang or llama.cpp server; use cl100k, o200k"
				+ " or a tokenizer.json instead)");
	}

	/** The endpoint's root: its base URL without a trailing {@code /v1} and with a trailing slash. */
	static URI root(URI endpoint) {
		String s = endpoint.toString().replaceAll("/+$", "");
		if (s.endsWith("/v1")) {
			s = s.substring(0, s.length() - 3);
		}
		return URI.create(s + "/");
	}

	/** The model's context length as the server's {@code /tokenize} said it, if it did. */
	public OptionalInt maxModelLen() {
		return maxModelLen;
	}

	@Override
	public String id() {
		return "server:" + root.resolve("tokenize");
	}

	@Override
	public int count(String text) {
		JsonNode answer = post(http, root.resolve("tokenize"), body(shape, model, text));
		JsonNode count = answer.get("count");
		if (count != null && count.canConvertToInt()) {
			return count.intValue();
		}
		return tokens(answer).length;
	}

	@Override
	public int[] encode(String text) {
		return tokens(post(http, root.resolve("tokenize"), body(shape, model, text)));
	}

	@Override
	public String decode(int[] tokens) {
		ObjectNode body = JSON.createObjectNode();
		if (model != null && shape == Shape.PROMPT) {
			body.put("model", model);
		}
		var list = body.putArray("tokens");
		for (int t : tokens) {
			list.add(t);
		}
		JsonNode answer = post(http, root.resolve("detokenize"), body);
		for (String field : new String[] { "prompt", "text", "content" }) {
			JsonNode v = answer.get(field);
			if (v != null && v.isTextual()) {
				return v.textValue();
			}
		}
		throw new TokenizerException(root.resolve("detokenize") + " answered no \"prompt\", \"text\" or \"content\"");
	}

	@Override
	public String toString() {
		return id();
	}

	private static ObjectNode body(Shape shape, String model, String text) {
		ObjectNode body = JSON.createObjectNode();
		if (shape == Shape.PROMPT) {
			if (model != null) {
				body.put("model", model);
			}
			body.put("prompt", text);
			body.put("add_special_tokens", false);
		} else {
			body.put("content", text);
			body.put("add_special", false);
		}
		return body;
	}

	private static int[] tokens(JsonNode answer) {
		JsonNode tokens = answer.path("tokens");
		if (!tokens.isArray()) {
			throw new TokenizerException("the endpoint's /tokenize answered no \"tokens\" list");
		}
		int[] ids = new int[tokens.size()];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = tokens.get(i).intValue();
		}
		return ids;
	}

	private static JsonNode post(HttpClient http, URI uri, ObjectNode body) {
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
		HttpResponse<String> response;
		try {
			response = http.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (HttpTimeoutException e) {
			throw new TokenizerException(uri + " did not answer within " + TIMEOUT.toSeconds() + " s", e);
		} catch (ConnectException e) {
			throw new TokenizerException(uri + " is unreachable (connection refused)", e);
		} catch (IOException e) {
			throw new TokenizerException(uri + " is unreachable: " + e, e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new TokenizerException("interrupted while asking " + uri);
		}
		if (response.statusCode() != 200) {
			String text = response.body() == null ? "" : response.body().strip();
			throw new TokenizerException(uri + " answered HTTP " + response.statusCode()
					+ (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text)));
		}
		try {
			return JSON.readTree(response.body());
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new TokenizerException(uri + " answered no JSON: " + e.getOriginalMessage());
		}
	}
}
