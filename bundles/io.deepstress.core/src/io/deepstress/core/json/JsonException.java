package io.deepstress.core.json;

/** Malformed JSON, with the character offset where reading stopped. */
public final class JsonException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final int offset;

	public JsonException(String message, int offset) {
		super(message + " at offset " + offset);
		this.offset = offset;
	}

	public int offset() {
		return offset;
	}
}
