package io.deepstress.datasets.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a stream, each decoded as UTF-8 on its own, so that one line that is not UTF-8 is reported
 * with its number while the others are read. Line ends: LF or CRLF. A leading byte-order mark is dropped.
 */
final class Lines {

	/** One line: its 1-based number and its text, or null text when it is not UTF-8. */
	record Line(long number, String text, String problem) {
	}

	private final InputStream in;
	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
	private final byte[] chunk = new byte[64 * 1024];
	private int position;
	private int limit;
	private long number;
	private long bytes;
	private boolean eof;

	Lines(InputStream in) {
		this.in = in;
	}

	/** Bytes read so far. */
	long bytes() {
		return bytes;
	}

	/** The next line, or null at the end. */
	Line next() throws IOException {
		if (eof) {
			return null;
		}
		buffer.reset();
		int b = -1;
		while (true) {
			if (position == limit) {
				limit = Math.max(0, in.read(chunk));
				position = 0;
				if (limit == 0) {
					b = -1;
					break;
				}
			}
			int from = position;
			while (position < limit && chunk[position] != '\n') {
				position++;
			}
			buffer.write(chunk, from, position - from);
			if (position < limit) {
				position++;
				b = '\n';
				break;
			}
		}
		bytes += buffer.size() + (b == -1 ? 0 : 1);
		if (b == -1) {
			eof = true;
			if (buffer.size() == 0) {
				return null;
			}
		}
		number++;
		byte[] raw = buffer.toByteArray();
		int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
		int start = number == 1 && length >= 3 && (raw[0] & 0xff) == 0xef && (raw[1] & 0xff) == 0xbb
				&& (raw[2] & 0xff) == 0xbf ? 3 : 0;
		try {
			return new Line(number, decoder.reset().decode(ByteBuffer.wrap(raw, start, length - start)).toString(), null);
		} catch (CharacterCodingException e) {
			return new Line(number, null, "not UTF-8 text (convert the file, e.g. with iconv -t UTF-8)");
		}
	}
}
