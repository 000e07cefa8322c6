package io.deepstress.store.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSampleSink;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.timeline.RunTimeline;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;

/**
 * The records: runs with their dataset rows, request samples and GPU samples, in the {@link Database}. Runs
 * are written by {@link RunRecorder}s on the database's writer thread. (The saved GPU hosts are
 * {@link DerbyGpuHostRegistry}'s.)
 */
@Component(service = { RunStore.class, GpuSampleSink.class })
public final class DerbyRunStore implements RunStore, GpuSampleSink {

	private static final System.Logger LOG = System.getLogger(DerbyRunStore.class.getName());

	@Reference
	private Database db;
	private boolean ownsDatabase;

	/** For tests and tools outside DS: opens the database in {@code dir}; {@link #close()} closes it. */
	public static DerbyRunStore open(Path dir, EventAdmin events) {
		return over(Database.open(dir, events), true);
	}

	/** For tests: a store over an open database, closing it on {@link #close()} if {@code owns}. */
	static DerbyRunStore over(Database database, boolean owns) {
		DerbyRunStore store = new DerbyRunStore();
		store.db = database;
		store.ownsDatabase = owns;
		return store;
	}

	/** Closes the database if this store opened it (outside DS). */
	public void close() {
		if (ownsDatabase) {
			db.close();
		}
	}

	Database database() {
		return db;
	}

	@Override
	public String location() {
		return db.location();
	}

	@Override
	public Optional<String> spaceWarning(RunConfig config) {
		return db.isPostgres() ? Optional.empty() : DiskSpace.warning(Path.of(db.location()), config); // a server's own disk
	}

	@Override
	public Optional<String> problem() {
		return Optional.ofNullable(db.problem());
	}

	String appVersion() {
		return db.appVersion();
	}

	/** For the store's own tests and benchmarks. */
	EntityManagerFactory emfForTests() {
		return db.emf();
	}

	private EntityManagerFactory emf() {
		return db.emf();
	}

	void write(Consumer<EntityManager> work, Runnable onSuccess, Consumer<Exception> onError) {
		db.write(work, onSuccess, onError);
	}

	void post(String topic, Object payload) {
		db.post(topic, payload);
	}

	@Override
	public Optional<String> configurationJson(String runId) {
		return db.read(em -> Optional.ofNullable(em.find(RunEntity.class, runId)).map(e -> e.configJson));
	}

	@Override
	public Recorder recorder(RunConfig config, RunOrigin origin) {
		return new RunRecorder(this, config, origin);
	}

	@Override
	public List<RunRecord> list(RunQuery query) {
		return db.read(em -> {
			String order = switch (query.sort()) {
			case START -> "r.startMillis";
			case NAME -> "r.name";
			case STATUS -> "r.status";
			case TOTAL -> "r.totalTasks";
			case REQUESTS_PER_S -> "r.requestsPerSecond";
			case TTFT_P50 -> "r.ttftP50Millis";
			};
			String dir = query.descending() ? " DESC" : " ASC";
			// a stable order: the start time then the id break ties
			var q = em.createQuery("SELECT r FROM RunEntity r" + where(query) + " ORDER BY " + order + dir
					+ (query.sort() == RunQuery.Sort.START ? "" : ", r.startMillis DESC") + ", r.runId", RunEntity.class);
			bind(q, query);
			List<RunRecord> out = new ArrayList<>();
			for (RunEntity e : q.setFirstResult(query.page() * query.pageSize()).setMaxResults(query.pageSize())
					.getResultList()) {
				out.add(record(e, List.of()));
			}
			return out;
		});
	}

	@Override
	public long count(RunQuery query) {
		return db.read(em -> {
			var q = em.createQuery("SELECT COUNT(r) FROM RunEntity r" + where(query), Long.class);
			bind(q, query);
			return q.getSingleResult();
		});
	}

	private static String where(RunQuery query) {
		List<String> terms = new ArrayList<>();
		if (query.status() != null) {
			terms.add("r.status = :status");
		}
		if (query.endpoint() != null) {
			// runs of schema 1 only know the URL
			terms.add("(LOWER(r.endpointName) = :endpoint OR LOWER(r.endpointUrl) = :endpoint)");
		}
		if (query.configuration() != null) {
			terms.add("LOWER(r.configName) = :configuration");
		}
		if (query.batchId() != null) {
			terms.add("r.batchId = :batch");
		}
		if (query.from() != null) {
			terms.add("r.startMillis >= :from");
		}
		if (query.to() != null) {
			terms.add("r.startMillis < :to");
		}
		return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
	}

	private static void bind(jakarta.persistence.Query q, RunQuery query) {
		if (query.status() != null) {
			q.setParameter("status", query.status().name());
		}
		if (query.endpoint() != null) {
			q.setParameter("endpoint", query.endpoint().toLowerCase(java.util.Locale.ROOT));
		}
		if (query.configuration() != null) {
			q.setParameter("configuration", query.configuration().toLowerCase(java.util.Locale.ROOT));
		}
		if (query.batchId() != null) {
			q.setParameter("batch", query.batchId());
		}
		if (query.from() != null) {
			q.setParameter("from", query.from().toEpochMilli());
		}
		if (query.to() != null) {
			q.setParameter("to", query.to().toEpochMilli());
		}
	}

	private static RunRecord record(RunEntity e, List<DatasetStatsEntity> datasets) {
		return new RunRecord(Mapping.summary(e, datasets), new RunOrigin(e.endpointName, e.configName, e.batchId),
				e.endpointUrl, e.appVersion);
	}

	@Override
	public Optional<io.deepstress.core.slo.SloResult> slo(String runId) {
		return db.read(em -> {
			RunEntity e = em.find(RunEntity.class, runId);
			return e == null || e.sloJson == null ? Optional.<io.deepstress.core.slo.SloResult>empty()
					: Optional.ofNullable(SloJson.read(e.sloJson));
		});
	}

	@Override
	public Optional<io.deepstress.core.metrics.SaturationVerdict> saturation(String runId) {
		return db.read(em -> {
			RunEntity e = em.find(RunEntity.class, runId);
			return e == null || e.saturationJson == null ? Optional.<io.deepstress.core.metrics.SaturationVerdict>empty()
					: SaturationJson.read(runId, e.saturationJson);
		});
	}

	@Override
	public java.util.Map<String, io.deepstress.core.slo.SloResult> slo(java.util.Collection<String> runIds) {
		if (runIds.isEmpty()) {
			return java.util.Map.of();
		}
		return db.read(em -> {
			java.util.Map<String, io.deepstress.core.slo.SloResult> out = new java.util.HashMap<>();
			List<String> ids = List.copyOf(runIds);
			for (int from = 0; from < ids.size(); from += 500) {
				List<Object[]> rows = em.createQuery("SELECT r.runId, r.sloJson FROM RunEntity r"
						+ " WHERE r.sloJson IS NOT NULL AND r.runId IN :ids", Object[].class)
						.setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 500))).getResultList();
				for (Object[] row : rows) {
					io.deepstress.core.slo.SloResult r = SloJson.read((String) row[1]);
					if (r != null) {
						out.put((String) row[0], r);
					}
				}
			}
			return out;
		});
	}

	@Override
	public Optional<RunRecord> record(String runId) {
		return db.read(em -> {
			RunEntity e = em.find(RunEntity.class, runId);
			return e == null ? Optional.<RunRecord>empty() : Optional.of(record(e, datasets(em, runId)));
		});
	}

	private static List<DatasetStatsEntity> datasets(EntityManager em, String runId) {
		return em.createQuery("SELECT d FROM DatasetStatsEntity d WHERE d.runId = :id ORDER BY d.position",
				DatasetStatsEntity.class).setParameter("id", runId).getResultList();
	}

	@Override
	public List<GpuSample> gpuSamples(String host, Instant from, Instant to, int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1");
		}
		return db.read(em -> {
			var q = em.createQuery("SELECT g FROM GpuSampleEntity g WHERE g.epochMillis >= :from AND g.epochMillis < :to"
					+ (host == null ? "" : " AND g.host = :host") + " ORDER BY g.epochMillis, g.host, g.index",
					GpuSampleEntity.class).setParameter("from", from.toEpochMilli()).setParameter("to", to.toEpochMilli());
			if (host != null) {
				q.setParameter("host", host);
			}
			return q.setMaxResults(limit).getResultList().stream().map(Mapping::gpu).toList();
		});
	}

	@Override
	public long count() {
		EntityManager em = emf().createEntityManager();
		try {
			return em.createQuery("SELECT COUNT(r) FROM RunEntity r", Long.class).getSingleResult();
		} finally {
			em.close();
		}
	}

	@Override
	public Optional<RunSummary> find(String runId) {
		EntityManager em = emf().createEntityManager();
		try {
			RunEntity e = em.find(RunEntity.class, runId);
			if (e == null) {
				return Optional.empty();
			}
			List<DatasetStatsEntity> ds = em
					.createQuery("SELECT d FROM DatasetStatsEntity d WHERE d.runId = :id ORDER BY d.position",
							DatasetStatsEntity.class)
					.setParameter("id", runId).getResultList();
			return Optional.of(Mapping.summary(e, ds));
		} finally {
			em.close();
		}
	}

	@Override
	public List<RequestResult> samples(String runId) {
		EntityManager em = emf().createEntityManager();
		try {
			return em.createQuery("SELECT s FROM RequestSampleEntity s WHERE s.runId = :id ORDER BY s.seq",
					RequestSampleEntity.class).setParameter("id", runId).getResultList().stream().map(Mapping::result)
					.toList();
		} finally {
			em.close();
		}
	}

	@Override
	public void accept(String runId, List<GpuSample> samples) {
		if (!db.isOpen() || samples.isEmpty()) {
			return;
		}
		List<GpuSample> copy = List.copyOf(samples);
		write(em -> copy.forEach(s -> em.persist(Mapping.gpu(runId, s))), () -> {
		}, e -> LOG.log(System.Logger.Level.WARNING, "GPU samples of run " + runId + " not stored: " + e));
	}

	@Override
	public List<GpuSample> gpuSamples(String runId) {
		EntityManager em = emf().createEntityManager();
		try {
			return em.createQuery("SELECT g FROM GpuSampleEntity g WHERE g.runId = :id ORDER BY g.epochMillis, g.index",
					GpuSampleEntity.class).setParameter("id", runId).getResultList().stream().map(Mapping::gpu).toList();
		} finally {
			em.close();
		}
	}

	@Override
	public String exportJson(String runId) {
		EntityManager em = emf().createEntityManager();
		try {
			RunEntity run = em.find(RunEntity.class, runId);
			if (run == null) {
				throw new IllegalArgumentException("no run " + runId);
			}
			return RunTransfer.toJson(run,
					em.createQuery("SELECT d FROM DatasetStatsEntity d WHERE d.runId = :id ORDER BY d.position",
							DatasetStatsEntity.class).setParameter("id", runId).getResultList(),
					em.createQuery("SELECT s FROM RequestSampleEntity s WHERE s.runId = :id ORDER BY s.seq",
							RequestSampleEntity.class).setParameter("id", runId).getResultList(),
					em.createQuery("SELECT g FROM GpuSampleEntity g WHERE g.runId = :id ORDER BY g.epochMillis, g.index, g.host",
							GpuSampleEntity.class).setParameter("id", runId).getResultList(),
					java.util.Optional.ofNullable(em.find(TimelineEntity.class, runId)).filter(t -> t.gz != null).orElse(null));
		} finally {
			em.close();
		}
	}

	@Override
	public String exportCsv(String runId) {
		if (find(runId).isEmpty()) {
			throw new IllegalArgumentException("no run " + runId);
		}
		List<RequestResult> samples = samples(runId);
		// columns added after the first version are appended, and only for runs that have them, so that older
		// runs export as before and scripts reading the first columns by position keep working
		boolean traffic = samples.stream().anyMatch(r -> r.inputTokensSent() >= 0 || r.outputTokensAsked() >= 0
				|| r.conversationId() != null);
		StringBuilder csv = new StringBuilder(
				"request_id,index,dataset,prompt_id,attempt,final,warmup,start_epoch_us,ttft_ms,e2e_ms,itl_count,"
						+ "itl_mean_ms,itl_max_ms,tpot_ms,output_tokens,tokens_source,input_tokens,chars,http_status,error,error_message"
						+ (traffic ? ",input_tokens_sent,output_tokens_asked,turn,conversation_id\n" : "\n"));
		for (RequestResult r : samples) {
			csv.append(csvField(r.requestId())).append(',').append(r.index()).append(',').append(csvField(r.dataset()))
					.append(',').append(csvField(r.promptId())).append(',').append(r.attempt()).append(',').append(r.last())
					.append(',').append(r.warmup()).append(',').append(r.startEpochMicros()).append(',')
					.append(ms(r.ttftNanos())).append(',').append(ms(r.e2eNanos())).append(',').append(r.itlCount())
					.append(',').append(ms(r.itlMeanNanos())).append(',').append(ms(r.itlMaxNanos())).append(',')
					.append(ms(r.tpotNanos())).append(',').append(r.outputTokens()).append(',')
					.append(r.tokenSource().name().toLowerCase(java.util.Locale.ROOT)).append(',')
					.append(r.inputTokens() < 0 ? "" : Long.toString(r.inputTokens())).append(',').append(r.chars()).append(',')
					.append(r.httpStatus() == 0 ? "" : Integer.toString(r.httpStatus())).append(',')
					.append(r.errorKey() == null ? "" : r.errorKey()).append(',').append(csvField(r.errorMessage()));
			if (traffic) {
				csv.append(',').append(r.inputTokensSent() < 0 ? "" : Long.toString(r.inputTokensSent())).append(',')
						.append(r.outputTokensAsked() < 0 ? "" : Long.toString(r.outputTokensAsked())).append(',')
						.append(r.conversationId() == null ? "" : Integer.toString(r.turn())).append(',')
						.append(csvField(r.conversationId()));
			}
			csv.append('\n');
		}
		return csv.toString();
	}

	private static String ms(long nanos) {
		return nanos < 0 ? "" : Double.toString(nanos / 1e6);
	}

	private static String csvField(String s) {
		if (s == null) {
			return "";
		}
		return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
				? "\"" + s.replace("\"", "\"\"") + "\"" : s;
	}

	@Override
	public String importJson(String json) {
		RunTransfer.Imported in = RunTransfer.fromJson(json);
		EntityManager em = emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			if (em.find(RunEntity.class, in.run().runId) != null) {
				throw new IllegalArgumentException("run " + in.run().runId + " already exists");
			}
			em.persist(in.run());
			in.datasets().forEach(em::persist);
			in.samples().forEach(em::persist);
			in.gpu().forEach(em::persist);
			if (in.timeline() != null) {
				em.persist(in.timeline());
			}
			tx.commit();
			post(io.deepstress.core.events.RecordTopics.CHANGED, in.run().runId);
			return in.run().runId;
		} finally {
			if (tx.isActive()) {
				tx.rollback();
			}
			em.close();
		}
	}

	@Override
	public List<RequestResult> samples(String runId, int maxPoints) {
		if (maxPoints < 1) {
			throw new IllegalArgumentException("maxPoints must be at least 1");
		}
		EntityManager em = emf().createEntityManager();
		try {
			RunEntity run = em.find(RunEntity.class, runId);
			// the row counts every stored attempt; counting the samples themselves reads the whole index range
			long count = run != null && run.attempts > 0 ? run.attempts
					: em.createQuery("SELECT COUNT(s) FROM RequestSampleEntity s WHERE s.runId = :id", Long.class)
							.setParameter("id", runId).getSingleResult();
			// every 2^k-th sample, k the smallest level that keeps at most maxPoints: read through the
			// (RUN_ID, LOD) index, so only the returned rows are touched
			int level = 0;
			while ((count + (1L << level) - 1) >> level > maxPoints) {
				level++;
			}
			var query = em.createQuery("SELECT s FROM RequestSampleEntity s WHERE s.runId = :id AND s.lod >= :level"
					+ " ORDER BY s.seq", RequestSampleEntity.class).setParameter("level", level);
			return query.setParameter("id", runId).getResultList().stream().map(Mapping::result).toList();
		} finally {
			em.close();
		}
	}

	@Override
	public boolean delete(String runId) {
		EntityManager em = emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			em.createQuery("DELETE FROM RequestSampleEntity s WHERE s.runId = :id").setParameter("id", runId)
					.executeUpdate();
			em.createQuery("DELETE FROM DatasetStatsEntity d WHERE d.runId = :id").setParameter("id", runId)
					.executeUpdate();
			em.createQuery("DELETE FROM GpuSampleEntity g WHERE g.runId = :id").setParameter("id", runId).executeUpdate();
			em.createQuery("DELETE FROM TimelineEntity t WHERE t.runId = :id").setParameter("id", runId).executeUpdate();
			AgentRows.delete(em, runId);
			int runs = em.createQuery("DELETE FROM RunEntity r WHERE r.runId = :id").setParameter("id", runId)
					.executeUpdate();
			tx.commit();
			if (runs > 0) {
				post(io.deepstress.core.events.RecordTopics.CHANGED, runId);
			}
			return runs > 0;
		} catch (PersistenceException e) {
			if (tx.isActive()) {
				tx.rollback();
			}
			throw e;
		} finally {
			em.close();
		}
	}

	@Override
	public void saveTimeline(RunTimeline timeline) {
		TimelineRows.save(emf(), timeline);
	}

	@Override
	public Optional<RunTimeline> timeline(String runId) {
		return TimelineRows.read(emf(), runId);
	}

	@Override
	public void saveHistograms(String runId, io.deepstress.core.batch.RunHistograms histograms) {
		AgentRows.saveHistograms(emf(), runId, histograms);
	}

	@Override
	public Optional<io.deepstress.core.batch.RunHistograms> histograms(String runId) {
		return AgentRows.histograms(emf(), runId);
	}

	@Override
	public void saveAgent(io.deepstress.core.batch.AgentRecord agent) {
		AgentRows.saveAgent(emf(), agent);
	}

	@Override
	public Optional<io.deepstress.core.batch.AgentRecord> agent(String runId) {
		return AgentRows.agent(emf(), runId);
	}
}
