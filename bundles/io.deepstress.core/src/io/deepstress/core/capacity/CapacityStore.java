package io.deepstress.core.capacity;

import java.util.List;
import java.util.Optional;

/**
 * The capacity searches kept with their batches in the records store (an OSGi service of the store bundle), one
 * record per batch, replaced at each save.
 */
public interface CapacityStore {

	/** Saves (inserts or replaces) the search of {@code record.batchId()}. */
	void save(CapacityRecord record);

	/** The search recorded under this batch, if the batch is one. */
	Optional<CapacityRecord> find(String batchId);

	/** Every stored search, newest first. */
	List<CapacityRecord> list();
}
