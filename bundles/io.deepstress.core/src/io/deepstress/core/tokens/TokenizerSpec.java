package io.deepstress.core.tokens;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * What the user named as tokenizer: {@code cl100k}, {@code o200k}, {@code server} (the run's endpoint's own
 * {@code /tokenize}) or the path of a Hugging Face {@code tokenizer.json}.
 *
 * @param kind which kind
 * @param path the file, for {@link Kind#FILE}; otherwise null
 */
public record TokenizerSpec(Kind kind, Path path) {

	/** The kinds of tokenizer. */
	public enum Kind {
		/** OpenAI's {@code cl100k_base} (GPT-3.5/GPT-4), built in. */
		CL100K,
		/** OpenAI's {@code o200k_base} (GPT-4o), built in. */
		O200K,
		/** The endpoint's {@code /tokenize}. */
		SERVER,
		/** A Hugging Face {@code tokenizer.json}. */
		FILE
	}

	/** The default tokenizer when the user names none. */
	public static final TokenizerSpec DEFAULT = new TokenizerSpec(Kind.CL100K, null);

	public TokenizerSpec {
		Objects.requireNonNull(kind, "kind");
		if ((kind == Kind.FILE) != (path != null)) {
			throw new IllegalArgumentException("a tokenizer file spec needs a path, and only it");
		}
	}

	/**
	 * Parses {@code cl100k|o200k|server|PATH} ({@code cl100k_base} and {@code o200k_base} are accepted too);
	 * anything else is taken as a path (whether it is a tokenizer is checked when it is loaded).
	 *
	 * @throws TokenizerException for a blank spec
	 */
	public static TokenizerSpec parse(String spec) {
		if (spec == null || spec.isBlank()) {
			throw new TokenizerException("empty tokenizer: use cl100k, o200k, server or the path of a tokenizer.json");
		}
		String s = spec.strip();
		switch (s.toLowerCase(Locale.ROOT)) {
		case "cl100k", "cl100k_base":
			return new TokenizerSpec(Kind.CL100K, null);
		case "o200k", "o200k_base":
			return new TokenizerSpec(Kind.O200K, null);
		case "server":
			return new TokenizerSpec(Kind.SERVER, null);
		default:
			return new TokenizerSpec(Kind.FILE, Path.of(s));
		}
	}

	/** The spec as the user would write it. */
	@Override
	public String toString() {
		return switch (kind) {
		case CL100K -> "cl100k";
		case O200K -> "o200k";
		case SERVER -> "server";
		case FILE -> path.toString();
		};
	}
}
