package io.deepstress.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.RunConfig;

/**
 * The JSON bodies of a run's requests: model, the prompt as chat messages or a completion prompt, the
 * configured options, usage in the stream when asked for, then the configuration's extra body, whose members
 * replace those of the same name. When the extra body sets {@code ignore_eos: true} (an exact output length,
 * vLLM/SGLang), {@code min_tokens} is sent equal to the request's {@code max_tokens} unless the extra body sets it.
 */
final class RequestBodies {

	private final RunConfig config;
	private final boolean chat;
	private final ObjectNode extraBody;

	RequestBodies(RunConfig config) {
		this.config = config;
		this.chat = config.target().apiKind() == ApiKind.CHAT;
		this.extraBody = extraBody(config.request().extraBodyJson());
	}

	/** Checks what the constructor would refuse: the extra body must be a JSON object. */
	static void validate(RunConfig config) {
		extraBody(config.request().extraBodyJson());
	}

	private static ObjectNode extraBody(String json) {
		if (json == null || json.isBlank()) {
			return EngineJson.object();
		}
		JsonNode node;
		try {
			node = EngineJson.parse(json);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("The extra body must be a JSON object: " + e.getMessage());
		}
		if (!(node instanceof ObjectNode object)) {
			throw new IllegalArgumentException("The extra body must be a JSON object, not " + node.getNodeType()
					.name().toLowerCase());
		}
		return object;
	}

	/** The body of a request for this prompt (its first turn). */
	String body(Prompt prompt, boolean withUsage) {
		return body(new Work(0, 0, "", prompt, false), withUsage);
	}

	/**
	 * The body of a request for this work: its turn of the prompt, after the conversation's earlier user turns
	 * and the assistant's answers to them (chat: as messages; completions: one text, turns separated by blank
	 * lines).
	 */
	String body(Work work, boolean withUsage) {
		Prompt prompt = work.prompt();
		ObjectNode body = EngineJson.object();
		body.put("model", config.target().model());
		if (chat) {
			ArrayNode messages = body.putArray("messages");
			for (int t = 0; t < work.turn(); t++) {
				messages.addObject().put("role", "user").put("content", prompt.turn(t));
				messages.addObject().put("role", "assistant").put("content", work.answers().get(t));
			}
			messages.addObject().put("role", "user").put("content", prompt.turn(work.turn()));
		} else if (work.turn() == 0) {
			body.put("prompt", prompt.text());
		} else {
			StringBuilder text = new StringBuilder();
			for (int t = 0; t < work.turn(); t++) {
				text.append(prompt.turn(t)).append("\n\n").append(work.answers().get(t)).append("\n\n");
			}
			body.put("prompt", text.append(prompt.turn(work.turn())).toString());
		}
		Integer maxTokens = prompt.outputTokens() > 0 ? Integer.valueOf(prompt.outputTokens())
				: config.request().maxTokens();
		if (maxTokens != null) {
			body.put("max_tokens", maxTokens);
			if (extraBody.path("ignore_eos").asBoolean(false) && !extraBody.has("min_tokens")) {
				body.put("min_tokens", maxTokens); // the exact output length, for servers that know min_tokens only
			}
		}
		if (config.request().temperature() != null) {
			body.put("temperature", config.request().temperature());
		}
		body.put("stream", config.request().stream());
		if (withUsage) {
			body.putObject("stream_options").put("include_usage", true);
		}
		body.setAll(extraBody);
		return EngineJson.write(body);
	}
}
