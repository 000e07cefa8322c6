package io.deepstress.engine.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * How a run's streamed events were read: by the {@link ChunkScanner} straight from the bytes, or by the full
 * JSON parser (what the scanner declines: errors, malformed JSON, unusual encodings, multi-line events). A
 * format a real server sends should be read by the scanner alone; these counts show whether it is.
 */
final class ChunkCounts {

	private final LongAdder scanned = new LongAdder();
	private final LongAdder parsed = new LongAdder();

	/** Adds one finished attempt's counts. */
	void add(long scannedEvents, long parsedEvents) {
		if (scannedEvents > 0) {
			scanned.add(scannedEvents);
		}
		if (parsedEvents > 0) {
			parsed.add(parsedEvents);
		}
	}

	/** Events the scanner read (including {@code [DONE]}). */
	long scanned() {
		return scanned.sum();
	}

	/** Events the full parser read. */
	long parsed() {
		return parsed.sum();
	}
}
