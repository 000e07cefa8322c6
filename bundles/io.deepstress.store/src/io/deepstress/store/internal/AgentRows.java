package io.deepstress.store.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.deepstress.core.batch.AgentClock;
import io.deepstress.core.batch.AgentRecord;
import io.deepstress.core.batch.RunHistograms;
import io.deepstress.core.batch.Shard;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

/** A run's rows of {@code RUN_HISTOGRAM} and {@code RUN_AGENT}: written once the run is, replaced when written again. */
final class AgentRows {

	private AgentRows() {
	}

	static void saveHistograms(EntityManagerFactory emf, String runId, RunHistograms histograms) {
		Map<String, byte[]> encoded = histograms.encoded();
		inRun(emf, runId, em -> {
			HistogramEntity row = em.find(HistogramEntity.class, runId);
			boolean fresh = row == null;
			if (fresh) {
				row = new HistogramEntity();
				row.runId = runId;
			}
			row.ttft = encoded.get("ttft");
			row.e2e = encoded.get("e2e");
			row.itl = encoded.get("itl");
			row.tpot = encoded.get("tpot");
			if (fresh) {
				em.persist(row);
			}
		});
	}

	static Optional<RunHistograms> histograms(EntityManagerFactory emf, String runId) {
		EntityManager em = emf.createEntityManager();
		try {
			HistogramEntity row = em.find(HistogramEntity.class, runId);
			if (row == null) {
				return Optional.empty();
			}
			Map<String, byte[]> encoded = new LinkedHashMap<>();
			encoded.put("ttft", row.ttft);
			encoded.put("e2e", row.e2e);
			encoded.put("itl", row.itl);
			encoded.put("tpot", row.tpot);
			encoded.values().removeIf(v -> v == null);
			return Optional.of(RunHistograms.decode(encoded));
		} finally {
			em.close();
		}
	}

	static void saveAgent(EntityManagerFactory emf, AgentRecord agent) {
		inRun(emf, agent.runId(), em -> {
			AgentEntity row = em.find(AgentEntity.class, agent.runId());
			boolean fresh = row == null;
			if (fresh) {
				row = new AgentEntity();
				row.runId = agent.runId();
			}
			row.shardIndex = agent.shard().index();
			row.shardCount = agent.shard().count();
			row.clockOffsetMillis = agent.clock().offsetMillis();
			row.clockUncertaintyMillis = agent.clock().uncertaintyMillis();
			row.clockSource = agent.clock().source();
			String note = agent.clock().note();
			row.clockNote = note.length() > 500 ? note.substring(0, 500) : note;
			row.host = agent.host().length() > 255 ? agent.host().substring(0, 255) : agent.host();
			if (fresh) {
				em.persist(row);
			}
		});
	}

	static Optional<AgentRecord> agent(EntityManagerFactory emf, String runId) {
		EntityManager em = emf.createEntityManager();
		try {
			AgentEntity row = em.find(AgentEntity.class, runId);
			return row == null ? Optional.empty()
					: Optional.of(new AgentRecord(runId, new Shard(row.shardIndex, row.shardCount),
							new AgentClock(row.clockOffsetMillis, row.clockUncertaintyMillis, row.clockSource,
									row.clockNote),
							row.host));
		} finally {
			em.close();
		}
	}

	/** Deletes a run's rows of both tables in the caller's transaction. */
	static void delete(EntityManager em, String runId) {
		em.createQuery("DELETE FROM HistogramEntity h WHERE h.runId = :id").setParameter("id", runId).executeUpdate();
		em.createQuery("DELETE FROM AgentEntity a WHERE a.runId = :id").setParameter("id", runId).executeUpdate();
	}

	private static void inRun(EntityManagerFactory emf, String runId, Consumer<EntityManager> write) {
		EntityManager em = emf.createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			if (em.find(RunEntity.class, runId) == null) {
				throw new IllegalArgumentException("no run " + runId);
			}
			write.accept(em);
			tx.commit();
		} finally {
			if (tx.isActive()) {
				tx.rollback();
			}
			em.close();
		}
	}
}
