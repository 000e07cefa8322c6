package io.deepstress.simulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.deepstress.simulator.ServerRecord;

/** The ground truth of one request while it is being served; {@link #snapshot()} freezes it. */
final class LiveRecord {

	final String requestId;
	final String path;
	final long arrivalNanos;
	volatile boolean stream;
	volatile long firstContentNanos = -1;
	volatile long lastContentNanos = -1;
	volatile long endNanos = -1;
	volatile int promptTokens;
	volatile int outputTokens;
	volatile int reasoningTokens;
	volatile int status;
	volatile String fault;

	LiveRecord(String requestId, String path, long arrivalNanos) {
		this.requestId = requestId;
		this.path = path;
		this.arrivalNanos = arrivalNanos;
	}

	/** Notes that content is about to be written now. */
	void content(long now) {
		if (firstContentNanos == -1) {
			firstContentNanos = now;
		}
		lastContentNanos = now;
	}

	/** Notes the end of the exchange, once. */
	void end(long now) {
		if (endNanos == -1) {
			endNanos = now;
			Runnable r = onEnd;
			if (r != null) {
				onEnd = null;
				r.run();
			}
		}
	}

	/** Told once at the end (the server's count of open exchanges). */
	volatile Runnable onEnd;

	ServerRecord snapshot() {
		return new ServerRecord(requestId, path, stream, arrivalNanos, firstContentNanos, lastContentNanos, endNanos,
				promptTokens, outputTokens, reasoningTokens, status, fault);
	}

	/** The record as JSON-ready map, keys named like the {@link ServerRecord} components. */
	static Map<String, Object> toMap(ServerRecord r) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("requestId", r.requestId());
		map.put("path", r.path());
		map.put("stream", r.stream());
		map.put("arrivalNanos", r.arrivalNanos());
		map.put("firstContentNanos", r.firstContentNanos());
		map.put("lastContentNanos", r.lastContentNanos());
		map.put("endNanos", r.endNanos());
		map.put("promptTokens", r.promptTokens());
		map.put("outputTokens", r.outputTokens());
		map.put("reasoningTokens", r.reasoningTokens());
		map.put("status", r.status());
		map.put("fault", r.fault());
		return map;
	}
}
