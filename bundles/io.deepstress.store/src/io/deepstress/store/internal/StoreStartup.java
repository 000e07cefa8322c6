package io.deepstress.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

/** Starting JPA over the records database (Derby or PostgreSQL): tables, schema upgrade, runs left running. */
final class StoreStartup {

	private static final System.Logger LOG = System.getLogger(Database.class.getName());

	private StoreStartup() {
	}

	/**
	 * Creates the JPA factory over the database: upgrades the schema and, at start-up only, marks runs whose process
	 * is gone as interrupted ({@link RunLease#expire}; a reopen after a full disk must not look: this process's runs
	 * are still going).
	 */
	static EntityManagerFactory connect(DataSource dataSource, boolean postgres, int openedVersion, boolean startup)
			throws SQLException {
		Map<String, Object> props = new HashMap<>();
		props.put(PersistenceUnitProperties.TARGET_DATABASE, postgres ? "PostgreSQL" : "Derby");
		// a DataSource, not a JDBC URL: DriverManager only hands a driver to callers whose class loader sees
		// it, and EclipseLink's bundle does not see Derby's
		props.put(PersistenceUnitProperties.NON_JTA_DATASOURCE, dataSource);
		props.put(PersistenceUnitProperties.CLASSLOADER, Database.class.getClassLoader());
		if (postgres) {
			PostgresSchema.beforeTables(dataSource);
		}
		EntityManagerFactory factory = new PersistenceProvider().createEntityManagerFactory("deepstress", props);
		if (factory == null) {
			throw new IllegalStateException("no persistence unit 'deepstress'");
		}
		EntityManager em;
		try {
			em = factory.createEntityManager(); // connects, creates or extends the tables
		} catch (RuntimeException e) {
			factory.close();
			throw e;
		}
		try {
			EntityTransaction tx = em.getTransaction();
			tx.begin();
			Migrations.upgrade(em, openedVersion);
			// only runs whose process is gone (their lease ran out): another process may be recording right now
			int interrupted = !startup ? 0 : RunLease.expire(em, RunLease.databaseMillis(em, postgres));
			int filled = startup ? SyncedFigures.fillInterrupted(em) : 0;
			SchemaVersionEntity version = em.find(SchemaVersionEntity.class, 1);
			if (version == null) {
				version = new SchemaVersionEntity();
				em.persist(version);
			}
			version.version = Database.SCHEMA_VERSION;
			version.updatedMillis = System.currentTimeMillis();
			tx.commit();
			if (openedVersion > 0 && openedVersion < Database.SCHEMA_VERSION) {
				LOG.log(System.Logger.Level.INFO, "records database upgraded from schema " + openedVersion + " to "
						+ Database.SCHEMA_VERSION);
			}
			if (filled > 0) {
				LOG.log(System.Logger.Level.INFO, filled + " interrupted run(s) given figures from their synced samples");
			}
		} catch (RuntimeException e) {
			em.close();
			factory.close();
			throw e;
		} finally {
			if (em.isOpen()) {
				em.close();
			}
		}
		try (Connection c = dataSource.getConnection()) {
			Migrations.ensureIndexes(c);
			if (postgres) {
				PostgresSchema.afterTables(c);
			}
		} catch (SQLException e) {
			factory.close();
			throw e;
		}
		return factory;
	}
}
