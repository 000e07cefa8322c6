package io.deepstress.store.internal;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.deepstress.core.events.RecordTopics;
import io.deepstress.core.verdict.BaselineStore;
import jakarta.persistence.EntityManager;

/** The baselines, one row per scope in {@code RUN_BASELINE} of the records {@link Database}. */
@Component(service = BaselineStore.class)
public final class DerbyBaselineStore implements BaselineStore {

	@Reference
	private Database db;

	/** For tests and tools outside DS: the baselines of this store's database. */
	public static DerbyBaselineStore over(DerbyRunStore store) {
		DerbyBaselineStore baselines = new DerbyBaselineStore();
		baselines.db = store.database();
		return baselines;
	}

	@Override
	public Baseline mark(String runId) {
		Baseline marked = db.inTransaction(em -> {
			RunEntity run = em.find(RunEntity.class, runId);
			if (run == null) {
				throw new IllegalArgumentException("no run " + runId);
			}
			String scope = scope(run);
			String key = NamedEntity.key(scope);
			BaselineEntity e = em.find(BaselineEntity.class, key);
			if (e == null) {
				e = new BaselineEntity();
				e.scopeKey = key;
				em.persist(e);
			}
			e.scope = scope;
			e.runId = runId;
			e.markedMillis = System.currentTimeMillis();
			return baseline(e);
		});
		db.post(RecordTopics.CHANGED, runId);
		return marked;
	}

	@Override
	public Optional<Baseline> baseline(String scope) {
		if (scope == null || scope.isBlank()) {
			return Optional.empty();
		}
		return db.read(em -> live(em, em.find(BaselineEntity.class, NamedEntity.key(scope))));
	}

	@Override
	public Optional<Baseline> baselineFor(String runId) {
		return db.read(em -> {
			RunEntity run = em.find(RunEntity.class, runId);
			if (run == null) {
				throw new IllegalArgumentException("no run " + runId);
			}
			return live(em, em.find(BaselineEntity.class, NamedEntity.key(scope(run))));
		});
	}

	@Override
	public boolean clear(String scope) {
		if (scope == null || scope.isBlank()) {
			return false;
		}
		String runId = db.inTransaction(em -> {
			BaselineEntity e = em.find(BaselineEntity.class, NamedEntity.key(scope));
			if (e == null) {
				return null;
			}
			em.remove(e);
			return e.runId;
		});
		if (runId != null) {
			db.post(RecordTopics.CHANGED, runId);
		}
		return runId != null;
	}

	@Override
	public List<Baseline> list() {
		return db.read(em -> em.createQuery("SELECT b FROM BaselineEntity b ORDER BY b.scopeKey", BaselineEntity.class)
				.getResultList().stream().map(e -> live(em, e)).flatMap(Optional::stream).toList());
	}

	/** The baseline of a row whose run still exists. */
	private static Optional<Baseline> live(EntityManager em, BaselineEntity e) {
		if (e == null || em.find(RunEntity.class, e.runId) == null) {
			return Optional.empty();
		}
		return Optional.of(baseline(e));
	}

	private static Baseline baseline(BaselineEntity e) {
		return new Baseline(e.scope, e.runId, e.markedMillis);
	}

	private static String scope(RunEntity run) {
		return run.configName != null && !run.configName.isBlank() ? run.configName.strip()
				: run.name == null || run.name.isBlank() ? run.runId : run.name.strip();
	}
}
