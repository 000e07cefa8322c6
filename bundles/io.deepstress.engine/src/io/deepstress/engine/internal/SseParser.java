package io.deepstress.engine.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental parser of a {@code text/event-stream} body (WHATWG server-sent events), fed with the bytes
 * as they arrive: lines may be split anywhere across network chunks (even inside a UTF-8 character or a
 * CR LF pair), events may span several {@code data:} lines, comment lines ({@code :...}) are skipped.
 * Only the data of each event is delivered; {@code event}, {@code id} and {@code retry} are ignored.
 */
final class SseParser {

	/** Receives each complete event's data (lines joined with '\n'). */
	interface Handler {
		void onData(String data);
	}

	private final Handler handler;
	private final int maxLineBytes;
	private byte[] line = new byte[512];
	private int length;
	private boolean afterCr;
	private final StringBuilder data = new StringBuilder(256);
	private boolean hasData;

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
		while (buffer.hasRemaining()) {
			byte b = buffer.get();
			if (b == '\n') {
				if (afterCr) {
					afterCr = false; // the LF of a CR LF pair
					continue;
				}
				endLine();
			} else if (b == '\r') {
				endLine();
				afterCr = true;
			} else {
				afterCr = false;
				if (length == line.length) {
					if (length >= maxLineBytes) {
						throw new IllegalStateException("an event-stream line is longer than " + maxLineBytes + " bytes");
					}
					line = Arrays.copyOf(line, Math.min(maxLineBytes, length * 2));
				}
				line[length++] = b;
			}
		}
	}

	/** The stream ended: a last line without its terminator and pending data are delivered. */
	void end() {
		if (length > 0) {
			endLine();
		}
		dispatch();
	}

	private void endLine() {
		if (length == 0) {
			dispatch();
			return;
		}
		int n = length;
		length = 0;
		if (line[0] == ':') {
			return; // comment / keep-alive
		}
		int colon = -1;
		for (int i = 0; i < n; i++) {
			if (line[i] == ':') {
				colon = i;
				break;
			}
		}
		int nameEnd = colon < 0 ? n : colon;
		if (nameEnd != 4 || line[0] != 'd' || line[1] != 'a' || line[2] != 't' || line[3] != 'a') {
			return; // event, id, retry or an unknown field
		}
		int valueStart = colon < 0 ? n : colon + 1;
		if (valueStart < n && line[valueStart] == ' ') {
			valueStart++;
		}
		if (hasData) {
			data.append('\n');
		}
		data.append(new String(line, valueStart, n - valueStart, StandardCharsets.UTF_8));
		hasData = true;
	}

	private void dispatch() {
		if (hasData) {
			String event = data.toString();
			data.setLength(0);
			hasData = false;
			handler.onData(event);
		}
	}
}
