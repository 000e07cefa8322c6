package io.deepstress.engine.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental parser of a {@code text/event-stream} body (WHATWG server-sent events), fed with the bytes
 * as they arrive: lines may be split anywhere across network chunks (even inside a UTF-8 character or a
 * CR LF pair), events may span several {@code data:} lines, comment lines ({@code :...}) are skipped.
 * Only the data of each event is delivered; {@code event}, {@code id} and {@code retry} are ignored.
 * <p>
 * Each network chunk is copied once into a private buffer and its lines are cut there; an event with one
 * {@code data:} line (what LLM servers send) reaches the handler as raw bytes, without a {@code String}.
 */
final class SseParser {

	/** Receives each complete event's data (lines joined with '\n'). */
	interface Handler {
		void onData(String data);

		/**
		 * The data of an event that had exactly one {@code data:} line, as the line's raw bytes (UTF-8 as
		 * sent); the bytes are only valid during the call. By default decoded and passed to
		 * {@link #onData(String)}.
		 */
		default void onData(byte[] bytes, int offset, int length) {
			onData(new String(bytes, offset, length, StandardCharsets.UTF_8));
		}
	}

	private final Handler handler;
	private final int maxLineBytes;
	/** Received bytes not yet cut into lines: {@code [start, end)}. */
	private byte[] buf = new byte[2048];
	private int start;
	private int end;
	private boolean afterCr;
	/** The value of the event's first data line, copied out of {@link #buf}. */
	private byte[] data = new byte[512];
	private int dataLength;
	private int dataLines;
	/** The joined data when the event has several data lines (each decoded on its own, as before). */
	private StringBuilder joined;

	SseParser(Handler handler, int maxLineBytes) {
		this.handler = handler;
		this.maxLineBytes = maxLineBytes;
	}

	/**
	 * Consumes the buffer's remaining bytes.
	 *
	 * @throws IllegalStateException when a line exceeds the maximum length
	 */
	void feed(ByteBuffer buffer) {
		int n = buffer.remaining();
		if (n == 0) {
			return;
		}
		if (end + n > buf.length) {
			int pending = end - start;
			if (pending + n > buf.length) {
				if (pending > maxLineBytes) {
					throw tooLong();
				}
				byte[] bigger = new byte[Math.max(pending + n, buf.length * 2)];
				System.arraycopy(buf, start, bigger, 0, pending);
				buf = bigger;
			} else {
				System.arraycopy(buf, start, buf, 0, pending);
			}
			start = 0;
			end = pending;
		}
		int scan = end;
		buffer.get(buf, end, n);
		end += n;
		byte[] b = buf;
		int limit = end;
		if (afterCr) {
			afterCr = false;
			if (b[scan] == '\n') {
				start = ++scan; // the LF of a CR LF pair split across chunks
			}
		}
		for (int i = scan; i < limit; i++) {
			byte c = b[i];
			if (c == '\n' || c == '\r') {
				line(start, i);
				if (c == '\r') {
					if (i + 1 < limit) {
						if (b[i + 1] == '\n') {
							i++;
						}
					} else {
						afterCr = true;
					}
				}
				start = i + 1;
			}
		}
		if (end - start > maxLineBytes) {
			throw tooLong();
		}
		if (start == end) {
			start = end = 0;
		}
	}

	private IllegalStateException tooLong() {
		return new IllegalStateException("an event-stream line is longer than " + maxLineBytes + " bytes");
	}

	/** The stream ended: a last line without its terminator and pending data are delivered. */
	void end() {
		if (end > start) {
			int from = start;
			start = end;
			line(from, end);
		}
		dispatch();
	}

	/** One line, {@code buf[from, to)} without its terminator. */
	private void line(int from, int to) {
		int n = to - from;
		if (n == 0) {
			dispatch();
			return;
		}
		if (n > maxLineBytes) {
			throw tooLong();
		}
		byte[] b = buf;
		if (b[from] == ':') {
			return; // comment / keep-alive
		}
		// the field name ends at the first colon (or the line's end); only "data" matters
		if (n < 4 || b[from] != 'd' || b[from + 1] != 'a' || b[from + 2] != 't' || b[from + 3] != 'a'
				|| n > 4 && b[from + 4] != ':') {
			return; // event, id, retry or an unknown field
		}
		int valueStart = from + (n == 4 ? 4 : 5);
		if (valueStart < to && b[valueStart] == ' ') {
			valueStart++;
		}
		int length = to - valueStart;
		if (dataLines == 0) {
			if (length > data.length) {
				data = Arrays.copyOf(data, Math.max(length, data.length * 2));
			}
			System.arraycopy(b, valueStart, data, 0, length);
			dataLength = length;
		} else {
			if (dataLines == 1) {
				joined = new StringBuilder(dataLength + length + 16);
				joined.append(new String(data, 0, dataLength, StandardCharsets.UTF_8));
			}
			joined.append('\n').append(new String(b, valueStart, length, StandardCharsets.UTF_8));
		}
		dataLines++;
	}

	private void dispatch() {
		int lines = dataLines;
		if (lines == 0) {
			return;
		}
		dataLines = 0;
		if (lines == 1) {
			handler.onData(data, 0, dataLength);
		} else {
			String event = joined.toString();
			joined = null;
			handler.onData(event);
		}
	}
}
