package io.deepstress.tokenizers.internal;

import java.io.IOException;
import java.nio.file.Path;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerException;

/**
 * A Hugging Face {@code tokenizer.json} run by the Hugging Face tokenizers library (through DJL, offline: see
 * {@link HfNativeLibrary}). Text is encoded without special tokens and without truncation or padding, so a
 * count is the prompt's own tokens, as {@code /tokenize} of vLLM with {@code add_special_tokens: false}. The
 * library's tokenizer is thread-safe; it lives as long as the process (one per file, see
 * {@link TokenizerServiceImpl}).
 */
final class HfTokenizer implements Tokenizer {

	private final String id;
	private final HuggingFaceTokenizer tokenizer;

	private HfTokenizer(String id, HuggingFaceTokenizer tokenizer) {
		this.id = id;
		this.tokenizer = tokenizer;
	}

	/** Loads {@code file}, which {@link HfTokenizerFile} has checked is a tokenizer.json. */
	static HfTokenizer load(Path file) {
		Thread thread = Thread.currentThread();
		ClassLoader before = thread.getContextClassLoader();
		try {
			thread.setContextClassLoader(HfNativeLibrary.ready());
			HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(file)
					.optAddSpecialTokens(false).optTruncation(false).optPadding(false).build();
			return new HfTokenizer("file:" + file.toAbsolutePath(), tokenizer);
		} catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
			String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
			throw new TokenizerException("cannot load tokenizer file " + file + ": " + why
					+ " (use cl100k, o200k or server)", e);
		} finally {
			thread.setContextClassLoader(before);
		}
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public int count(String text) {
		return tokenizer.encode(text, false, false).getIds().length;
	}

	@Override
	public int[] encode(String text) {
		long[] ids = tokenizer.encode(text, false, false).getIds();
		int[] out = new int[ids.length];
		for (int i = 0; i < ids.length; i++) {
			out[i] = Math.toIntExact(ids[i]);
		}
		return out;
	}

	@Override
	public String decode(int[] tokens) {
		long[] ids = new long[tokens.length];
		for (int i = 0; i < tokens.length; i++) {
			ids[i] = tokens[i];
		}
		return tokenizer.decode(ids, false);
	}

	@Override
	public String toString() {
		return id;
	}
}
