package io.deepstress.engine.internal;

import java.nio.charset.StandardCharsets;

/**
 * Reads the few fields the engine measures from one streamed chunk's JSON, straight from its UTF-8 bytes:
 * whether it is {@code [DONE]}, a non-null top-level {@code error}, {@code usage.prompt_tokens} and
 * {@code usage.completion_tokens}, and of {@code choices[0]} the {@code finish_reason} and the code points of
 * {@code delta.content}, {@code delta.reasoning_content} and {@code delta.reasoning} (chat) or {@code text}
 * (completions). Nothing is allocated except a finish reason when there is one.
 * <p>
 * The whole chunk is still checked against the JSON grammar, so a malformed chunk is never taken for a
 * good one. The scanner accepts only a strict subset of what Jackson (the full parser, {@link EngineJson}) accepts
 * and gives up ({@link #scan} returns false) on anything outside it — malformed or unusual UTF-8, an escaped
 * key, a non-integral or very long token count, a finish reason with escapes, a top-level value that is not
 * an object, deep nesting, an error object — so that the caller can take the full parser's path, which
 * then decides (and words any error) exactly as before. Where keys repeat, the last one wins, as in the
 * parsed map.
 */
final class ChunkScanner {

	private static final byte[] ERROR = ascii("error");
	private static final byte[] USAGE = ascii("usage");
	private static final byte[] CHOICES = ascii("choices");
	private static final byte[] FINISH_REASON = ascii("finish_reason");
	private static final byte[] DELTA = ascii("delta");
	private static final byte[] TEXT = ascii("text");
	private static final byte[] CONTENT = ascii("content");
	private static final byte[] REASONING_CONTENT = ascii("reasoning_content");
	private static final byte[] REASONING = ascii("reasoning");
	private static final byte[] PROMPT_TOKENS = ascii("prompt_tokens");
	private static final byte[] COMPLETION_TOKENS = ascii("completion_tokens");
	private static final int MAX_DEPTH = 64;

	/** Thrown inside the scan to give up; never leaves this class. */
	private static final RuntimeException GIVE_UP = new RuntimeException("give up", null, false, false) {
		private static final long serialVersionUID = 1L;
	};

	private final boolean chat;

	// results of the last scan
	/** The data was {@code [DONE]}. */
	boolean done;
	/** {@code usage} was an object. */
	boolean usage;
	/** {@code usage.prompt_tokens} as {@link EngineJson#integer} reads it, -1 when absent or not a number. */
	long promptTokens;
	/** {@code usage.completion_tokens} likewise. */
	long completionTokens;
	/** {@code choices[0]} exists and is not null. */
	boolean choice;
	/** {@code choices[0].finish_reason} when it is a string, else null. */
	String finishReason;
	/** Code points of the generated text in {@code choices[0]}. */
	long codePoints;

	private byte[] b;
	private int pos;
	private int limit;
	private long content, reasoningContent, reasoning, text;
	/** Set by {@link #string()}: the string was printable ASCII without escapes; it had escapes. */
	private boolean plain, escaped;
	/** Per open container: whether it is an object, and what it is (one of the {@code IN_} constants). */
	private final boolean[] objectAt = new boolean[MAX_DEPTH];
	private final byte[] contextAt = new byte[MAX_DEPTH];

	// what a container is
	private static final byte IN_OTHER = 0, IN_TOP = 1, IN_USAGE = 2, IN_CHOICES = 3, IN_CHOICE = 4, IN_DELTA = 5;
	// what the next value is
	private static final int F_OTHER = 0, F_ERROR = 1, F_USAGE = 2, F_CHOICES = 3, F_CHOICE = 4, F_PROMPT = 5,
			F_COMPLETION = 6, F_FINISH = 7, F_DELTA = 8, F_TEXT = 9, F_CONTENT = 10, F_REASONING_CONTENT = 11,
			F_REASONING = 12;

	ChunkScanner(boolean chat) {
		this.chat = chat;
	}

	/**
	 * Scans one event's data, {@code bytes[offset, offset + length)}.
	 *
	 * @return true when the results hold; false when the caller must use the full JSON parser instead
	 */
	boolean scan(byte[] bytes, int offset, int length) {
		done = false;
		usage = false;
		promptTokens = completionTokens = -1;
		resetChoice();
		b = bytes;
		pos = offset;
		limit = offset + length;
		try {
			// String.strip() removes these (Character.isWhitespace) before "[DONE]" is compared
			int p = offset;
			while (p < limit && (b[p] == ' ' || b[p] >= 9 && b[p] <= 13 || b[p] >= 28 && b[p] <= 31)) {
				p++;
			}
			if (p < limit && b[p] == '[') {
				return isDone(p);
			}
			skipWhitespace();
			if (pos >= limit || b[pos] != '{') {
				return false;
			}
			document();
			skipWhitespace();
			if (pos != limit) {
				return false;
			}
			codePoints = chat ? content + reasoningContent + reasoning : text;
			return true;
		} catch (RuntimeException e) {
			if (e == GIVE_UP || e instanceof ArrayIndexOutOfBoundsException) {
				return false;
			}
			throw e;
		} finally {
			b = null;
		}
	}

	private boolean isDone(int p) {
		if (limit - p < 6 || b[p + 1] != 'D' || b[p + 2] != 'O' || b[p + 3] != 'N' || b[p + 4] != 'E'
				|| b[p + 5] != ']') {
			return false;
		}
		for (int i = p + 6; i < limit; i++) {
			byte c = b[i];
			if (!(c == ' ' || c >= 9 && c <= 13 || c >= 28 && c <= 31)) {
				return false;
			}
		}
		done = true;
		return true;
	}

	private void resetChoice() {
		choice = false;
		finishReason = null;
		codePoints = 0;
		content = reasoningContent = reasoning = text = 0;
	}

	/**
	 * The top-level object, in one loop over an explicit stack of open containers (one compact method
	 * rather than a method per level). Each value is read knowing which field it is.
	 */
	private void document() {
		int depth = 0; // open containers
		int field = F_OTHER;
		while (true) {
			// a value
			skipWhitespace();
			if (pos >= limit) {
				throw GIVE_UP;
			}
			byte c = b[pos];
			if (c == '{' || c == '[') {
				boolean object = c == '{';
				byte context = IN_OTHER;
				if (depth == 0) {
					context = IN_TOP;
				} else if (field == F_USAGE) {
					usage = object;
					context = object ? IN_USAGE : IN_OTHER;
				} else if (field == F_CHOICES) {
					context = object ? IN_OTHER : IN_CHOICES;
				} else if (field == F_CHOICE) {
					choice = true;
					context = object ? IN_CHOICE : IN_OTHER;
				} else if (field == F_DELTA) {
					context = object ? IN_DELTA : IN_OTHER;
				} else if (field == F_ERROR) {
					throw GIVE_UP; // the full parser words the error message
				} else {
					scalar(field, false, 0); // a container where a string or a number counts: none of it
				}
				if (depth == MAX_DEPTH) {
					throw GIVE_UP;
				}
				objectAt[depth] = object;
				contextAt[depth] = context;
				depth++;
				pos++;
				skipWhitespace();
				if (pos < limit && b[pos] == (object ? '}' : ']')) {
					pos++;
					depth--;
				} else if (object) {
					field = key(context);
					continue;
				} else {
					field = context == IN_CHOICES ? F_CHOICE : F_OTHER; // only element 0 is the choice
					continue;
				}
			} else if (c == '"') {
				long count = string();
				scalar(field, true, count);
			} else {
				if (c == 'n') {
					literal('n', 'u', 'l', 'l');
					if (field == F_CHOICE) {
						choice = false; // null is no choice
						field = F_OTHER;
					} else if (field == F_ERROR) {
						field = F_OTHER; // "error": null is no error
					}
				} else if (c == 't') {
					literal('t', 'r', 'u', 'e');
				} else if (c == 'f') {
					literal('f', 'a', 'l', 's');
					if (pos >= limit || b[pos++] != 'e') {
						throw GIVE_UP;
					}
				} else {
					int from = pos;
					number();
					if (field == F_PROMPT || field == F_COMPLETION) {
						long value = integer(from, pos);
						if (field == F_PROMPT) {
							promptTokens = value;
						} else {
							completionTokens = value;
						}
						field = F_OTHER;
					}
				}
				scalar(field, false, 0);
			}
			// after a value: the next member or element, or the end of containers
			while (true) {
				if (depth == 0) {
					return;
				}
				skipWhitespace();
				if (pos >= limit) {
					throw GIVE_UP;
				}
				byte d = b[pos++];
				boolean object = objectAt[depth - 1];
				if (d == ',') {
					if (object) {
						skipWhitespace();
						field = key(contextAt[depth - 1]);
					} else {
						field = F_OTHER;
					}
					break;
				}
				if (d != (object ? '}' : ']')) {
					throw GIVE_UP;
				}
				depth--;
			}
		}
	}

	/** A value that is no container for what it is: a string (with its code points) or anything else. */
	private void scalar(int field, boolean isString, long count) {
		switch (field) {
			case F_ERROR -> throw GIVE_UP; // the full parser words the error message
			case F_USAGE -> {
				usage = false;
				promptTokens = completionTokens = -1;
			}
			case F_CHOICES -> resetChoice();
			case F_CHOICE -> choice = true;
			case F_PROMPT -> promptTokens = -1;
			case F_COMPLETION -> completionTokens = -1;
			case F_FINISH -> {
				if (isString && !plain) {
					throw GIVE_UP;
				}
				finishReason = isString ? new String(b, pos - 1 - (int) count, (int) count, StandardCharsets.ISO_8859_1)
						: null;
			}
			case F_DELTA -> content = reasoningContent = reasoning = 0;
			case F_TEXT -> text = isString ? count : 0;
			case F_CONTENT -> content = isString ? count : 0;
			case F_REASONING_CONTENT -> reasoningContent = isString ? count : 0;
			case F_REASONING -> reasoning = isString ? count : 0;
			default -> {
				// not measured
			}
		}
	}

	/** Reads a member's key and the colon after it; returns which field its value is. */
	private int key(byte context) {
		int from = pos + 1;
		int to = keyEnd();
		skipWhitespace();
		if (pos >= limit || b[pos++] != ':') {
			throw GIVE_UP;
		}
		int n = to - from;
		switch (context) {
			case IN_TOP -> {
				if (is(from, n, ERROR)) {
					return F_ERROR;
				}
				if (is(from, n, USAGE)) {
					usage = false;
					promptTokens = completionTokens = -1;
					return F_USAGE;
				}
				if (is(from, n, CHOICES)) {
					resetChoice();
					return F_CHOICES;
				}
			}
			case IN_USAGE -> {
				if (is(from, n, PROMPT_TOKENS)) {
					return F_PROMPT;
				}
				if (is(from, n, COMPLETION_TOKENS)) {
					return F_COMPLETION;
				}
			}
			case IN_CHOICE -> {
				if (is(from, n, FINISH_REASON)) {
					return F_FINISH;
				}
				if (chat && is(from, n, DELTA)) {
					content = reasoningContent = reasoning = 0;
					return F_DELTA;
				}
				if (!chat && is(from, n, TEXT)) {
					return F_TEXT;
				}
			}
			case IN_DELTA -> {
				if (is(from, n, CONTENT)) {
					return F_CONTENT;
				}
				if (is(from, n, REASONING_CONTENT)) {
					return F_REASONING_CONTENT;
				}
				if (is(from, n, REASONING)) {
					return F_REASONING;
				}
			}
			default -> {
				// nothing measured inside
			}
		}
		return F_OTHER;
	}

	private void literal(char c0, char c1, char c2, char c3) {
		if (pos + 4 > limit || b[pos] != c0 || b[pos + 1] != c1 || b[pos + 2] != c2 || b[pos + 3] != c3) {
			throw GIVE_UP;
		}
		pos += 4;
	}

	/** Checks and skips a number in the grammar the full parser accepts (ASCII digits only). */
	private void number() {
		if (b[pos] == '-') {
			pos++;
		}
		if (!digitAt(pos)) {
			throw GIVE_UP;
		}
		if (b[pos] == '0') {
			pos++;
		} else {
			digits();
		}
		if (pos < limit && b[pos] == '.') {
			pos++;
			if (!digitAt(pos)) {
				throw GIVE_UP;
			}
			digits();
		}
		if (pos < limit && (b[pos] == 'e' || b[pos] == 'E')) {
			pos++;
			if (pos < limit && (b[pos] == '+' || b[pos] == '-')) {
				pos++;
			}
			int from = pos;
			digits();
			if (pos == from || pos - from > 4) {
				throw GIVE_UP; // the parser's BigDecimal fails on exponents beyond int range
			}
		}
	}

	/**
	 * A token count, {@code b[from, to)} (a checked number): an integral number of fewer than 19 characters
	 * is its value (negative ones too, as {@link EngineJson#integer} gives them); any other number gives up.
	 */
	private long integer(int from, int to) {
		if (to - from >= 19) {
			throw GIVE_UP;
		}
		boolean negative = b[from] == '-';
		long value = 0;
		for (int i = negative ? from + 1 : from; i < to; i++) {
			byte d = b[i];
			if (d < '0' || d > '9') {
				throw GIVE_UP; // a fraction or an exponent
			}
			value = value * 10 + (d - '0');
		}
		return negative ? -value : value;
	}

	private boolean digitAt(int p) {
		return p < limit && b[p] >= '0' && b[p] <= '9';
	}

	private void digits() {
		while (pos < limit && b[pos] >= '0' && b[pos] <= '9') {
			pos++;
		}
	}

	/** A key without escapes, checked and skipped; returns the end of its characters (the closing quote). */
	private int keyEnd() {
		if (pos >= limit || b[pos] != '"') {
			throw GIVE_UP;
		}
		string();
		if (escaped) {
			throw GIVE_UP; // compared as written, an escaped key could be taken for another
		}
		return pos - 1;
	}

	private boolean is(int from, int n, byte[] name) {
		if (n != name.length) {
			return false;
		}
		for (int i = 0; i < n; i++) {
			if (b[from + i] != name[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Checks a string and counts the code points of its value as {@code String.codePointCount} would count
	 * them after decoding: each character is one, and so is a surrogate pair, escaped as two {@code \\u}
	 * escapes. Malformed or overlong UTF-8 and encoded surrogates give up (the decoder would replace them).
	 */
	private long string() {
		pos++; // the opening quote
		boolean ascii = true;
		boolean anyEscape = false;
		long count = 0;
		boolean highEscaped = false; // the previous character was an escaped, still unpaired high surrogate
		byte[] b = this.b;
		while (true) {
			if (pos >= limit) {
				throw GIVE_UP;
			}
			int c = b[pos];
			if (c >= 0x20 && c != '"' && c != '\\') { // printable ASCII: the common case
				pos++;
				count++;
				highEscaped = false;
				continue;
			}
			if (c == '"') {
				pos++;
				plain = ascii && !anyEscape;
				escaped = anyEscape;
				return count;
			}
			if (c == '\\') {
				if (pos + 1 >= limit) {
					throw GIVE_UP;
				}
				byte e = b[pos + 1];
				anyEscape = true;
				if (e == 'u') {
					if (pos + 6 > limit) {
						throw GIVE_UP;
					}
					int cp = hex(b[pos + 2]) << 12 | hex(b[pos + 3]) << 8 | hex(b[pos + 4]) << 4 | hex(b[pos + 5]);
					pos += 6;
					if (cp >= 0xDC00 && cp <= 0xDFFF && highEscaped) {
						highEscaped = false; // completes the pair counted with its high half
					} else {
						count++;
						highEscaped = cp >= 0xD800 && cp <= 0xDBFF;
					}
					continue;
				}
				if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
					throw GIVE_UP;
				}
				pos += 2;
				count++;
				highEscaped = false;
				continue;
			}
			if (c >= 0) {
				throw GIVE_UP; // a control character
			}
			pos += utf8Length(c & 0xFF);
			ascii = false;
			count++;
			highEscaped = false;
		}
	}

	/** The length of the well-formed UTF-8 sequence that starts at {@code pos} with {@code lead}, or gives up. */
	private int utf8Length(int lead) {
		int p = pos;
		if (lead >= 0xC2 && lead <= 0xDF) {
			continuation(p + 1, 0x80, 0xBF);
			return 2;
		}
		if (lead >= 0xE0 && lead <= 0xEF) {
			int lo = lead == 0xE0 ? 0xA0 : 0x80;
			int hi = lead == 0xED ? 0x9F : 0xBF;
			continuation(p + 1, lo, hi);
			continuation(p + 2, 0x80, 0xBF);
			return 3;
		}
		if (lead >= 0xF0 && lead <= 0xF4) {
			int lo = lead == 0xF0 ? 0x90 : 0x80;
			int hi = lead == 0xF4 ? 0x8F : 0xBF;
			continuation(p + 1, lo, hi);
			continuation(p + 2, 0x80, 0xBF);
			continuation(p + 3, 0x80, 0xBF);
			return 4;
		}
		throw GIVE_UP;
	}

	private void continuation(int p, int lo, int hi) {
		if (p >= limit) {
			throw GIVE_UP;
		}
		int c = b[p] & 0xFF;
		if (c < lo || c > hi) {
			throw GIVE_UP;
		}
	}

	private static int hex(byte c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		throw GIVE_UP;
	}

	// ------------------------------------------------------------------------------------------ plumbing

	private void skipWhitespace() {
		while (pos < limit) {
			byte c = b[pos];
			if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
				pos++;
			} else {
				return;
			}
		}
	}

	private static byte[] ascii(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}
}
