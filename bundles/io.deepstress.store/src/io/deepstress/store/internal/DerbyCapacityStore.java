package io.deepstress.store.internal;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.deepstress.core.capacity.CapacityRecord;
import io.deepstress.core.capacity.CapacityStore;
import io.deepstress.core.events.RecordTopics;

/** The capacity searches, one row per batch in {@code CAPACITY_SEARCH} of the records {@link Database}. */
@Component(service = CapacityStore.class)
public final class DerbyCapacityStore implements CapacityStore {

	@Reference
	private Database db;

	/** For tests and tools outside DS: the searches of this store's database. */
	public static DerbyCapacityStore over(DerbyRunStore store) {
		DerbyCapacityStore searches = new DerbyCapacityStore();
		searches.db = store.database();
		return searches;
	}

	@Override
	public void save(CapacityRecord record) {
		String json = CapacityJson.write(record);
		db.inTransaction(em -> {
			CapacitySearchEntity e = em.find(CapacitySearchEntity.class, record.batchId());
			if (e == null) {
				e = new CapacitySearchEntity();
				e.batchId = record.batchId();
				em.persist(e);
			}
			e.status = record.status();
			e.startedMillis = record.startedMillis();
			e.updatedMillis = record.updatedMillis();
			e.json = json;
			return null;
		});
		db.post(RecordTopics.CHANGED, record.batchId());
	}

	@Override
	public Optional<CapacityRecord> find(String batchId) {
		if (batchId == null || batchId.isBlank()) {
			return Optional.empty();
		}
		return db.read(em -> Optional.ofNullable(em.find(CapacitySearchEntity.class, batchId.strip()))
				.map(e -> CapacityJson.read(e.json)));
	}

	@Override
	public List<CapacityRecord> list() {
		return db.read(em -> em.createQuery(
				"SELECT c FROM CapacitySearchEntity c ORDER BY c.startedMillis DESC", CapacitySearchEntity.class)
				.getResultList().stream().map(e -> CapacityJson.read(e.json)).toList());
	}
}
