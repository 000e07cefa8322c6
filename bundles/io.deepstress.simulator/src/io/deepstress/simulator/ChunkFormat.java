package io.deepstress.simulator;

import java.util.Locale;

/**
 * The bytes a streamed chunk is written in: the same fields (id, model, the delta or text, the finish reason,
 * the usage) laid out as one real server lays them out, so that a client is measured against what it will
 * really read. Written from the servers' documented and observed output, not from their code.
 */
public enum ChunkFormat {
	/** The simulator's own short form: {@code id, object, created, model, choices[{index, delta, finish_reason}]}. */
	COMPACT,
	/**
	 * vLLM's OpenAI server: {@code choices[{index, delta, logprobs: null, finish_reason}]}, the finish chunk with
	 * {@code stop_reason}, a final chunk with {@code choices: []} and the usage; reasoning as {@code reasoning}.
	 */
	VLLM,
	/**
	 * SGLang: every field present, {@code null} when unset ({@code role}, {@code reasoning_content},
	 * {@code tool_calls}, {@code logprobs}, {@code matched_stop}) and {@code usage: null} on every chunk but
	 * the final usage chunk.
	 */
	SGLANG,
	/**
	 * llama.cpp's server: keys in its order ({@code choices, created, id, model, system_fingerprint, object}),
	 * no {@code logprobs}, and its own {@code timings} object (prompt and predicted counts, milliseconds,
	 * rates) on the last chunk.
	 */
	LLAMACPP;

	/** The name as written on the command line: {@code vllm}, {@code sglang}, {@code llamacpp}, {@code compact}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The format named {@code label} (case-insensitive).
	 *
	 * @throws IllegalArgumentException naming the formats there are
	 */
	public static ChunkFormat parse(String label) {
		for (ChunkFormat f : values()) {
			if (f.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
				return f;
			}
		}
		throw new IllegalArgumentException(
				"unknown chunk format '" + label + "'; use one of vllm, sglang, llamacpp, compact");
	}
}
