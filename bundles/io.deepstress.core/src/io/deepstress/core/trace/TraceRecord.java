package io.deepstress.core.trace;

import java.util.List;

/**
 * One request of a trace (the Mooncake format): when it arrived and how long it was.
 *
 * @param line         its line in the file (1-based), for messages
 * @param timestampMs  arrival time in milliseconds (any origin; not decreasing through the file)
 * @param inputLength  prompt length in tokens
 * @param outputLength output length in tokens
 * @param hashIds      the prompt's blocks ({@link Trace#BLOCK_TOKENS} tokens each) by id: requests with the same
 *                     leading ids share that prefix; empty when the trace says none
 */
public record TraceRecord(int line, long timestampMs, int inputLength, int outputLength, List<Long> hashIds) {

	public TraceRecord {
		hashIds = List.copyOf(hashIds);
	}
}
