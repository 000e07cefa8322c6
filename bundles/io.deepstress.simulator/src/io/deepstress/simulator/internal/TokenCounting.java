package io.deepstress.simulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.simulator.TokenSettings;

/**
 * The simulator's token semantics beside its pacing: prompt tokens counted with the configured tokenizer (or
 * words), {@code /tokenize} and {@code /detokenize} answers, the output length under {@code ignore_eos} and
 * {@code min_tokens}, and the context length check.
 */
final class TokenCounting {

	private final TokenSettings settings;

	TokenCounting(TokenSettings settings) {
		this.settings = settings;
	}

	/** Prompt tokens of a chat request: the tokenizer's count of every message's text (no template), or words. */
	int chat(List<?> messages) {
		Tokenizer t = settings.tokenizer();
		if (t == null) {
			return Tokens.chatPromptTokens(messages);
		}
		int count = 0;
		for (Object message : messages) {
			Object content = SimJson.get(message, "content");
			if (content instanceof String s) {
				count += t.count(s);
			} else if (content instanceof List<?> parts) {
				for (Object part : parts) {
					if (part instanceof String s) {
						count += t.count(s);
					} else if (part instanceof Map<?, ?> map && map.get("text") instanceof String s) {
						count += t.count(s);
					}
				}
			}
		}
		return Math.max(1, count);
	}

	/** Prompt tokens of a completions request. */
	int completion(Object prompt) {
		Tokenizer t = settings.tokenizer();
		if (t == null || !(prompt instanceof String)) {
			return Tokens.completionPromptTokens(prompt);
		}
		return Math.max(1, t.count((String) prompt));
	}

	/**
	 * The output length of an answer: {@code natural} (the length the simulator drew), raised to
	 * {@code min_tokens}, exactly {@code max_tokens} under {@code ignore_eos}, and never above {@code max_tokens}.
	 *
	 * @return {length, 1 if cut by max_tokens ("length") else 0}
	 */
	static int[] outputLength(int natural, Long maxTokens, Long minTokens, boolean ignoreEos) {
		long length = natural;
		if (minTokens != null && minTokens > length) {
			length = minTokens;
		}
		if (maxTokens != null && ignoreEos) {
			length = maxTokens;
		}
		boolean cut = false;
		if (maxTokens != null && maxTokens <= length) {
			cut = maxTokens < natural || ignoreEos || (minTokens != null && minTokens >= maxTokens);
			length = maxTokens;
		}
		return new int[] { (int) Math.min(Integer.MAX_VALUE, length), cut ? 1 : 0 };
	}

	/** The context length error of a request, or null when it fits (or no context length is set). */
	String contextError(int promptTokens, Long maxTokens) {
		int max = settings.maxModelLen();
		if (max <= 0) {
			return null;
		}
		long asked = promptTokens + (maxTokens == null ? 0 : maxTokens);
		if (promptTokens <= max && asked <= max) {
			return null;
		}
		return "This model's maximum context length is " + max + " tokens. However, you requested " + asked
				+ " tokens (" + promptTokens + " in the messages, " + (maxTokens == null ? 0 : maxTokens)
				+ " in the completion). Please reduce the length of the messages or completion.";
	}

	int maxModelLen() {
		return settings.maxModelLen();
	}

	/** The answer to {@code POST /tokenize} (vLLM: count, max_model_len, tokens; llama.cpp: tokens), or null for a bad body. */
	Map<String, Object> tokenize(Map<String, Object> body) {
		Object text = body.containsKey("prompt") ? body.get("prompt") : body.get("content");
		if (!(text instanceof String s)) {
			return null;
		}
		List<Integer> ids = new ArrayList<>();
		Tokenizer t = settings.tokenizer();
		if (t != null) {
			for (int id : t.encode(s)) {
				ids.add(id);
			}
		} else {
			for (String word : s.strip().split("\\s+")) {
				if (!word.isEmpty()) {
					ids.add(Math.floorMod(word.hashCode(), 50_000));
				}
			}
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("count", ids.size());
		if (settings.maxModelLen() > 0) {
			answer.put("max_model_len", settings.maxModelLen());
		}
		answer.put("tokens", ids);
		return answer;
	}

	/** Whether {@code /detokenize} can answer (only with a real tokenizer). */
	boolean canDetokenize() {
		return settings.tokenizer() != null;
	}

	/** The answer to {@code POST /detokenize} (vLLM: prompt; llama.cpp: content), or null for a bad body. */
	Map<String, Object> detokenize(Map<String, Object> body) {
		if (!(body.get("tokens") instanceof List<?> list)) {
			return null;
		}
		int[] ids = new int[list.size()];
		for (int i = 0; i < ids.length; i++) {
			if (!(list.get(i) instanceof Number n)) {
				return null;
			}
			ids[i] = n.intValue();
		}
		String text = settings.tokenizer().decode(ids);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("prompt", text);
		answer.put("content", text);
		return answer;
	}
}
