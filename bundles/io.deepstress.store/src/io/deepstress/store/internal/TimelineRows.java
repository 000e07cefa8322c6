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

	/** The row's content for {@code timeline}. */
	static byte[] gz(RunTimeline timeline) {
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes, 1 << 16)) {
			out.write(StoreJson.write(TimelineFormat.toMap(timeline)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}

	/** The timeline a row holds. */
	static RunTimeline of(TimelineEntity row) {
		try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(row.gz))) {
			return TimelineFormat.fromJson(StoreJson.read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
		} catch (java.io.IOException e) {
			throw new IllegalStateException("the stored timeline of run " + row.runId + " cannot be read: " + e.getMessage(), e);
		}
	}

	static void save(EntityManagerFactory emf, RunTimeline timeline) {
		byte[] gz = gz(timeline);
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
				row.gz = gz;
				em.persist(row);
			} else {
				row.gz = gz;
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
			return row == null || row.gz == null ? Optional.empty() : Optional.of(of(row));
		} finally {
			em.close();
		}
	}
}
