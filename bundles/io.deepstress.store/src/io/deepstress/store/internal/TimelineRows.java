package io.deepstress.store.internal;

import java.util.Optional;

import io.deepstress.core.timeline.RunTimeline;
import io.deepstress.core.timeline.TimelineFormat;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

/** A run's row of {@code RUN_TIMELINE}: written once the run is, replaced when written again. */
final class TimelineRows {

	private TimelineRows() {
	}

	static void save(EntityManagerFactory emf, RunTimeline timeline) {
		String json = StoreJson.write(TimelineFormat.toMap(timeline));
		EntityManager em = emf.createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			if (em.find(RunEntity.class, timeline.runId()) == null) {
				throw new IllegalArgumentException("no run " + timeline.runId());
			}
			TimelineEntity row = em.find(TimelineEntity.class, timeline.runId());
			if (row == null) {
				row = new TimelineEntity();
				row.runId = timeline.runId();
				row.json = json;
				em.persist(row);
			} else {
				row.json = json;
			}
			tx.commit();
		} finally {
			if (tx.isActive()) {
				tx.rollback();
			}
			em.close();
		}
	}

	static Optional<RunTimeline> read(EntityManagerFactory emf, String runId) {
		EntityManager em = emf.createEntityManager();
		try {
			TimelineEntity row = em.find(TimelineEntity.class, runId);
			return row == null ? Optional.empty() : Optional.of(TimelineFormat.fromJson(StoreJson.read(row.json)));
		} finally {
			em.close();
		}
	}
}
