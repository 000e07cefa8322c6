package io.deepstress.tokenizers.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

import io.deepstress.core.tokens.Tokenizer;

/**
 * OpenAI's byte-pair encodings through jtokkit, whose vocabularies are inside its jar (nothing is downloaded).
 * Text is encoded as ordinary text: a special token's spelling such as {@code <|endoftext|>} in a prompt is
 * counted as the ordinary tokens it is made of, as an OpenAI endpoint does for user content.
 */
public final class TiktokenTokenizer implements Tokenizer {

	private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

	private final Encoding encoding;

	private TiktokenTokenizer(Encoding encoding) {
		this.encoding = encoding;
	}

	/** {@code cl100k_base} (GPT-3.5, GPT-4). */
	public static TiktokenTokenizer cl100k() {
		return new TiktokenTokenizer(REGISTRY.getEncoding(EncodingType.CL100K_BASE));
	}

	/** {@code o200k_base} (GPT-4o and later). */
	public static TiktokenTokenizer o200k() {
		return new TiktokenTokenizer(REGISTRY.getEncoding(EncodingType.O200K_BASE));
	}

	@Override
	public String id() {
		return encoding.getName();
	}

	@Override
	public int count(String text) {
		return encoding.countTokensOrdinary(text);
	}

	@Override
	public int[] encode(String text) {
		return encoding.encodeOrdinary(text).toArray();
	}

	@Override
	public String decode(int[] tokens) {
		IntArrayList list = new IntArrayList(tokens.length);
		for (int t : tokens) {
			list.add(t);
		}
		return encoding.decode(list);
	}

	@Override
	public String toString() {
		return id();
	}
}
