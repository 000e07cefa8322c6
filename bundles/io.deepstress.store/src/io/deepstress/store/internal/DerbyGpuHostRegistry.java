package io.deepstress.store.internal;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.deepstress.core.events.GpuTopics;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuHostRegistry;

/**
 * The GPU hosts the user saved, in the records database ({@code GPU_HOST}; their secrets are in secure
 * storage). Names are unique ignoring case: checked on save, and enforced by the unique index on
 * {@code NAME_KEY} when two saves race ({@link NamedEntity}). Each change is posted on
 * {@link GpuTopics#HOSTS} with the host's id.
 */
@Component(service = GpuHostRegistry.class)
public final class DerbyGpuHostRegistry implements GpuHostRegistry {

	private static final String WHAT = "A GPU host";

	@Reference
	private Database db;

	/** For tests and tools outside DS. */
	public static DerbyGpuHostRegistry over(Database database) {
		DerbyGpuHostRegistry registry = new DerbyGpuHostRegistry();
		registry.db = database;
		return registry;
	}

	@Override
	public List<GpuHost> hosts() {
		return db.read(em -> em.createQuery("SELECT h FROM GpuHostEntity h ORDER BY h.nameKey", GpuHostEntity.class)
				.getResultList().stream().map(DerbyGpuHostRegistry::host).toList());
	}

	@Override
	public Optional<GpuHost> byName(String name) {
		return db.read(em -> em.createQuery("SELECT h FROM GpuHostEntity h WHERE h.nameKey = :n", GpuHostEntity.class)
				.setParameter("n", NamedEntity.key(name)).getResultList().stream().map(DerbyGpuHostRegistry::host)
				.findFirst());
	}

	@Override
	public GpuHost save(GpuHost host) {
		NamedEntity.unique(() -> db.inTransaction(em -> {
			NamedEntity.checkName(em, "GpuHostEntity", host.name(), host.id(), WHAT);
			GpuHostEntity e = em.find(GpuHostEntity.class, host.id());
			if (e == null) {
				e = new GpuHostEntity();
				e.id = host.id();
				em.persist(e);
			}
			e.name = host.name();
			e.nameKey = NamedEntity.key(host.name());
			e.kind = host.kind().name();
			e.hostname = host.hostname();
			e.port = host.port();
			e.user = host.user();
			e.auth = host.auth() == null ? null : host.auth().name();
			e.keyFile = host.keyFile();
			e.command = host.command();
			return null;
		}), NamedEntity.duplicate(WHAT, host.name()));
		db.post(GpuTopics.HOSTS, host.id());
		return host;
	}

	@Override
	public boolean remove(String id) {
		boolean existed = db.inTransaction(em -> em.createQuery("DELETE FROM GpuHostEntity h WHERE h.id = :id")
				.setParameter("id", id).executeUpdate() > 0);
		if (existed) {
			db.post(GpuTopics.HOSTS, id);
		}
		return existed;
	}

	private static GpuHost host(GpuHostEntity e) {
		return new GpuHost(e.id, e.name, GpuHost.Kind.valueOf(e.kind), e.hostname, e.port, e.user,
				e.auth == null ? null : GpuHost.Auth.valueOf(e.auth), e.keyFile, e.command);
	}
}
