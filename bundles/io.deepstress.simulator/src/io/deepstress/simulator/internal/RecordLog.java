package io.deepstress.simulator.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.deepstress.simulator.ServerRecord;

/** The last {@code capacity} records, oldest dropped first, with a lookup by request id. */
final class RecordLog {

	private final int capacity;
	private final ArrayDeque<LiveRecord> records;
	private final Map<String, LiveRecord> byId = new HashMap<>();

	RecordLog(int capacity) {
		this.capacity = capacity;
		this.records = new ArrayDeque<>(Math.min(capacity, 1024));
	}

	synchronized void add(LiveRecord record) {
		if (records.size() == capacity) {
			LiveRecord oldest = records.removeFirst();
			byId.remove(oldest.requestId, oldest);
		}
		records.addLast(record);
		byId.put(record.requestId, record);
	}

	/** Snapshots of all records, oldest first. */
	List<ServerRecord> snapshot() {
		LiveRecord[] copy;
		synchronized (this) {
			copy = records.toArray(LiveRecord[]::new);
		}
		List<ServerRecord> list = new ArrayList<>(copy.length);
		for (LiveRecord r : copy) {
			list.add(r.snapshot());
		}
		return list;
	}

	/** The latest record with this request id. */
	Optional<ServerRecord> find(String requestId) {
		LiveRecord r;
		synchronized (this) {
			r = byId.get(requestId);
		}
		return Optional.ofNullable(r).map(LiveRecord::snapshot);
	}

	synchronized void clear() {
		records.clear();
		byId.clear();
	}
}
