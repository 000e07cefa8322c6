package io.deepstress.simulator.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import io.deepstress.simulator.ServerRecord;

/**
 * The HTTP face of the simulator: OpenAI's {@code /v1/models}, {@code /v1/chat/completions} and
 * {@code /v1/completions}, plus {@code /sim/requests} for the ground truth. Never blocks: the body is read
 * asynchronously and answers are paced by {@link Reply}.
 */
final class OpenAiHandler extends Handler.Abstract.NonBlocking {

	static final String CHAT_PATH = "/v1/chat/completions";
	static final String COMPLETIONS_PATH = "/v1/completions";
	static final String MODELS_PATH = "/v1/models";
	/** The response header with the simulator's wall clock (ms since the epoch): {@code AgentClock.HEADER}. */
	static final String CLOCK_HEADER = "X-DeepStress-Time";
	static final String RECORDS_PATH = "/sim/requests";
	static final String TOKENIZE_PATH = "/tokenize";
	static final String DETOKENIZE_PATH = "/detokenize";
	static final String STATS_PATH = "/sim/stats";
	static final String METRICS_PATH = "/metrics";
	static final String REQUEST_ID_HEADER = "X-Request-Id";

	/** Request bodies beyond this size are refused. */
	private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

	private final SimulatorServer sim;
	private final TokenCounting tokens;

	OpenAiHandler(SimulatorServer sim) {
		this.sim = sim;
		this.tokens = new TokenCounting(sim.tokens());
	}

	@Override
	public boolean handle(Request request, Response response, Callback callback) {
		long arrival = System.nanoTime();
		// the simulator's wall clock in ms, so that agents can put their runs on its clock (see docs/agents-kubernetes.md)
		response.getHeaders().put(CLOCK_HEADER, Long.toString(System.currentTimeMillis()));
		String path = request.getHttpURI().getPath();
		String method = request.getMethod();
		switch (path == null ? "" : path) {
			case CHAT_PATH, COMPLETIONS_PATH -> {
				if ("POST".equals(method)) {
					completion(request, response, callback, path, arrival);
				} else {
					methodNotAllowed(response, callback, "POST");
				}
			}
			case MODELS_PATH -> {
				if ("GET".equals(method)) {
					sendJson(response, callback, 200, SimJson.write(models()));
				} else {
					methodNotAllowed(response, callback, "GET");
				}
			}
			case RECORDS_PATH -> {
				if ("GET".equals(method)) {
					List<Object> list = new ArrayList<>();
					for (ServerRecord r : sim.log().snapshot()) {
						list.add(LiveRecord.toMap(r));
					}
					sendJson(response, callback, 200, SimJson.write(list));
				} else if ("DELETE".equals(method)) {
					sim.log().clear();
					response.setStatus(204);
					response.write(true, null, callback);
				} else {
					methodNotAllowed(response, callback, "GET, DELETE");
				}
			}
			case TOKENIZE_PATH, DETOKENIZE_PATH -> {
				if ("POST".equals(method)) {
					tokenize(request, response, callback, TOKENIZE_PATH.equals(path));
				} else {
					methodNotAllowed(response, callback, "POST");
				}
			}
			case STATS_PATH -> {
				var st = sim.capacityState();
				Map<String, Object> stats = new LinkedHashMap<>();
				stats.put("slots", st.slots());
				stats.put("running", st.running());
				stats.put("queued", st.queued());
				stats.put("admitted", st.admitted());
				stats.put("max_queued", st.maxQueued());
				sendJson(response, callback, 200, SimJson.write(stats));
			}
			case METRICS_PATH -> {
				if ("GET".equals(method)) {
					response.setStatus(200);
					response.getHeaders().put(HttpHeader.CONTENT_TYPE, MetricsText.CONTENT_TYPE);
					response.write(true, java.nio.ByteBuffer.wrap(MetricsText.of(sim)
							.getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
				} else {
					methodNotAllowed(response, callback, "GET");
				}
			}
			default -> sendError(response, callback, 404, "invalid_request_error", "Unknown path " + path, null);
		}
		return true;
	}

	private Map<String, Object> models() {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("id", sim.settings().model());
		model.put("object", "model");
		model.put("created", sim.startedEpochSeconds());
		model.put("owned_by", "deepstress");
		if (tokens.maxModelLen() > 0) {
			model.put("max_model_len", tokens.maxModelLen());
		}
		Map<String, Object> list = new LinkedHashMap<>();
		list.put("object", "list");
		list.put("data", List.of(model));
		return list;
	}

	// ------------------------------------------------------------------------------------------ tokenize

	private void tokenize(Request request, Response response, Callback callback, boolean encode) {
		if (!encode && !tokens.canDetokenize()) {
			sendError(response, callback, 501, "invalid_request_error",
					"This simulator counts words; /detokenize needs a tokenizer", null);
			return;
		}
		Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).whenComplete((bytes, failure) -> {
			if (failure != null) {
				callback.failed(failure);
				return;
			}
			try {
				Map<String, Object> body = SimJson.parseObject(new String(bytes, StandardCharsets.UTF_8));
				Map<String, Object> answer = encode ? tokens.tokenize(body) : tokens.detokenize(body);
				if (answer == null) {
					sendError(response, callback, 400, "invalid_request_error", encode
							? "'prompt' (or 'content') is required and must be a string"
							: "'tokens' is required and must be an array of integers", null);
				} else {
					sendJson(response, callback, 200, SimJson.write(answer));
				}
			} catch (IllegalArgumentException e) {
				sendError(response, callback, 400, "invalid_request_error", "The request body is not valid JSON: "
						+ e.getMessage(), null);
			} catch (RuntimeException e) {
				callback.failed(e);
			}
		});
	}

	// ------------------------------------------------------------------------------------------ completions

	private void completion(Request request, Response response, Callback callback, String path, long arrival) {
		long n = sim.nextId();
		String requestId = request.getHeaders().get(REQUEST_ID_HEADER);
		if (requestId == null || requestId.isBlank()) {
			requestId = "sim-" + n;
		}
		LiveRecord record = new LiveRecord(requestId, path, arrival);
		sim.exchangeOpened();
		record.onEnd = sim::exchangeEnded;
		Fault fault = sim.drawFault();
		int naturalLength = sim.drawOutputTokens();
		sim.log().add(record);
		response.getHeaders().put(REQUEST_ID_HEADER, requestId);
		String key = sim.settings().apiKey();
		if (key != null && !("Bearer " + key).equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
			record.status = 401;
			Callback recording = Callback.from(callback, () -> record.end(System.nanoTime()));
			sendError(response, recording, 401, "invalid_request_error", "Incorrect API key provided", "invalid_api_key");
			return;
		}

		Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).whenComplete((bytes, failure) -> {
			if (failure != null) {
				record.end(System.nanoTime());
				callback.failed(failure);
				return;
			}
			try {
				Callback recording = Callback.from(callback, () -> record.end(System.nanoTime()));
				Plan plan = plan(response, recording, record, bytes, path, n, fault, naturalLength);
				if (plan != null) {
					new Reply(sim, request, response, callback, record, plan).start();
				}
			} catch (RuntimeException e) {
				record.end(System.nanoTime());
				callback.failed(e);
			}
		});
	}

	/** Parses and checks a request; answers it with an error and returns null when it gets no completion. */
	private Plan plan(Response response, Callback callback, LiveRecord record, byte[] bytes,
			String path, long n, Fault fault, int naturalLength) {
		boolean chat = CHAT_PATH.equals(path);
		Map<String, Object> body;
		try {
			body = SimJson.parseObject(new String(bytes, StandardCharsets.UTF_8));
		} catch (IllegalArgumentException e) {
			return reject(response, callback, record, 400, "invalid_request_error",
					"The request body is not valid JSON: " + e.getMessage());
		}
		Object stream = body.get("stream");
		if (stream != null && !(stream instanceof Boolean)) {
			return reject(response, callback, record, 400, "invalid_request_error", "'stream' must be a boolean");
		}
		record.stream = Boolean.TRUE.equals(stream);
		Object model = body.get("model");
		if (model != null && !(model instanceof String)) {
			return reject(response, callback, record, 400, "invalid_request_error", "'model' must be a string");
		}
		if (model != null && !sim.settings().model().equals(model)) {
			return reject(response, callback, record, 404, "invalid_request_error",
					"The model '" + model + "' does not exist; this simulator serves '" + sim.settings().model() + "'");
		}
		if (sim.settings().rejectStreamOptions() && body.containsKey("stream_options")) {
			return reject(response, callback, record, 400, "invalid_request_error",
					"Unrecognized request argument supplied: stream_options");
		}
		int promptTokens;
		if (chat) {
			if (!(body.get("messages") instanceof List<?> messages) || messages.isEmpty()) {
				return reject(response, callback, record, 400, "invalid_request_error",
						"'messages' is required and must be a non-empty array");
			}
			promptTokens = tokens.chat(messages);
		} else {
			Object prompt = body.get("prompt");
			if (!(prompt instanceof String || prompt instanceof List)) {
				return reject(response, callback, record, 400, "invalid_request_error",
						"'prompt' is required and must be a string or an array");
			}
			promptTokens = tokens.completion(prompt);
		}
		record.promptTokens = promptTokens;
		Object maxTokens = chat && body.get("max_completion_tokens") != null ? body.get("max_completion_tokens")
				: body.get("max_tokens");
		Long cap = null;
		if (maxTokens != null) {
			cap = SimJson.integer(maxTokens);
			if (cap < 0) {
				return reject(response, callback, record, 400, "invalid_request_error",
						"'max_tokens' must be a non-negative integer");
			}
		}
		Long minTokens = null;
		if (body.get("min_tokens") != null) {
			minTokens = SimJson.integer(body.get("min_tokens"));
			if (minTokens < 0) {
				return reject(response, callback, record, 400, "invalid_request_error",
						"'min_tokens' must be a non-negative integer");
			}
		}
		Object ignoreEos = body.get("ignore_eos");
		if (ignoreEos != null && !(ignoreEos instanceof Boolean)) {
			return reject(response, callback, record, 400, "invalid_request_error", "'ignore_eos' must be a boolean");
		}
		String tooLong = tokens.contextError(promptTokens, cap);
		if (tooLong != null) {
			return reject(response, callback, record, 400, "invalid_request_error", tooLong);
		}
		int[] length = TokenCounting.outputLength(naturalLength, cap, minTokens, Boolean.TRUE.equals(ignoreEos));
		int outputTokens = length[0];
		String finishReason = length[1] == 1 ? "length" : "stop";
		int reasoningTokens = chat ? sim.settings().reasoningTokens() : 0;
		record.outputTokens = outputTokens;
		record.reasoningTokens = reasoningTokens;
		record.fault = fault.label;

		if (fault == Fault.RATE_LIMIT) {
			int retryAfter = sim.settings().retryAfterSeconds();
			if (retryAfter > 0) {
				response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(retryAfter));
			}
			return reject(response, callback, record, 429, "rate_limit_exceeded",
					"Rate limit reached (simulated); retry later");
		}
		if (fault == Fault.SERVER_ERROR) {
			return reject(response, callback, record, 500, "server_error",
					"The server had an error while processing your request (simulated)");
		}
		boolean includeUsage = Boolean.TRUE.equals(SimJson.get(body.get("stream_options"), "include_usage"));
		String id = (chat ? "chatcmpl-sim" : "cmpl-sim") + Long.toHexString(n);
		return new Plan(chat, record.stream, includeUsage, id, System.currentTimeMillis() / 1000, sim.settings().model(),
				promptTokens, outputTokens, reasoningTokens, finishReason, fault, sim.settings().chunkFormat(),
				sim.settings().ttft().toNanos() / 1e6, sim.settings().itl().toNanos() / 1e6);
	}

	private static Plan reject(Response response, Callback callback, LiveRecord record, int status, String type,
			String message) {
		record.status = status;
		sendError(response, callback, status, type, message, null);
		return null;
	}

	// ------------------------------------------------------------------------------------------ plain answers

	private static void methodNotAllowed(Response response, Callback callback, String allow) {
		response.getHeaders().put(HttpHeader.ALLOW, allow);
		sendError(response, callback, 405, "invalid_request_error", "Method not allowed; use " + allow, null);
	}

	/** Sends an OpenAI-style error: {@code {"error":{"message":...,"type":...,"code":...}}}. */
	static void sendError(Response response, Callback callback, int status, String type, String message,
			String code) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("type", type);
		error.put("code", code);
		sendJson(response, callback, status, SimJson.write(Map.of("error", error)));
	}

	static void sendJson(Response response, Callback callback, int status, String json) {
		response.setStatus(status);
		response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
		response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
	}
}
