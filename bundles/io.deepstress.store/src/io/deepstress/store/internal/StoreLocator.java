package io.deepstress.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Finds the way into a records database that several DeepStress processes may use at once. The first process to
 * open it opens it embedded and serves it ({@link DerbyServer}); a process that finds it booted by another JVM
 * (Derby's XSDB6) reads the {@link ServerFile}, checks that the process is alive and logs in with Derby's network
 * client. A file whose process is gone is stale: whoever next opens the database embedded takes it over. While the
 * owner of the database is starting or stopping, neither way may work for a moment: both are tried again until the
 * time given runs out.
 */
final class StoreLocator {

	/** Set {@code -Ddeepstress.db.share=false} to open embedded only and serve nobody (then a second process cannot record). */
	static final boolean SHARE = !"false".equalsIgnoreCase(System.getProperty("deepstress.db.share", "true"));
	/** How long opening waits for another process's server to appear at start-up. */
	static final long OPEN_MILLIS = Long.getLong("deepstress.db.locateMillis", 10_000);

	/**
	 * How this process reaches the database.
	 *
	 * @param dataSource what JPA connects through
	 * @param server the server this process runs for the others (embedded and shared), else null
	 * @param remote the server this process logs in to (a client), else null
	 */
	record Link(DataSource dataSource, DerbyServer server, ServerFile remote) {
		boolean embedded() {
			return remote == null;
		}

		/** For messages and the log. */
		String describe() {
			if (remote != null) {
				return "through the server of process " + remote.pid() + " on " + remote.host() + ":" + remote.port();
			}
			ServerFile served = server == null ? null : server.file();
			return served != null ? "embedded, serving others on " + served.host() + ":" + served.port()
					: server != null ? "embedded, serving others (starting)" : "embedded, not shared";
		}
	}

	/** The database is held embedded by a process that does not serve it: no way in. */
	static final class NotSharedException extends SQLException {
		private static final long serialVersionUID = 1L;

		NotSharedException(String message, Throwable cause) {
			super(message, "XSDB6", cause);
		}
	}

	private StoreLocator() {
	}

	/**
	 * Opens the way into the database in {@code dir}: embedded (then serving it when sharing is on), else through the
	 * server of the process holding it; tries again for up to {@code waitMillis}. Other failures (a broken or newer
	 * database, a full disk) are thrown as they are.
	 */
	static Link locate(Path dir, long waitMillis) throws SQLException, InterruptedException {
		long deadline = System.nanoTime() + waitMillis * 1_000_000;
		Path file = ServerFile.of(dir);
		String why = null;
		SQLException inUse = null;
		while (true) {
			org.apache.derby.jdbc.EmbeddedDataSource embedded = DerbyCredentials.embedded(dir);
			try (Connection c = embedded.getConnection()) {
				return new Link(embedded, SHARE ? serve(dir) : null, null);
			} catch (SQLException e) {
				if (!OpenFailures.inUse(e)) {
					throw e;
				}
				inUse = e;
			}
			ServerFile remote = ServerFile.read(file);
			if (remote == null) {
				why = "it has no server file (" + file + ")";
			} else if (!remote.processAlive()) {
				why = "its server file names process " + remote.pid() + ", which is gone";
			} else {
				DataSource client = client(remote);
				try (Connection c = client.getConnection()) {
					return new Link(client, null, remote);
				} catch (SQLException e) {
					why = "the server of process " + remote.pid() + " on " + remote.host() + ":" + remote.port()
							+ " did not let us in: " + e.getMessage();
				}
			}
			if (System.nanoTime() > deadline) {
				throw new NotSharedException("The records database " + dir + " is in use by another process that does"
						+ " not share it (" + why + "): an older DeepStress, a tool such as ij, or a DeepStress started"
						+ " with -Ddeepstress.db.share=false; records will not be saved in this one.", inUse);
			}
			Thread.sleep(200);
		}
	}

	/** Starts serving the database this JVM just opened (in the background; without a server this one still works). */
	private static DerbyServer serve(Path dir) {
		return DerbyServer.start(dir);
	}

	/**
	 * Derby's network client for the server in {@code remote}. Derby's {@code ClientDataSource} (derbytools, inside
	 * the derby bundle) extends the network client's classes (derbyclient, whose packages our fragment
	 * {@code io.deepstress.store.derbyclient} exports and derby imports dynamically); those are not on this bundle's
	 * compile path, so the bean is set up by its setters' names.
	 */
	static DataSource client(ServerFile remote) throws SQLException {
		try {
			Class<?> type = org.apache.derby.jdbc.EmbeddedDataSource.class.getClassLoader()
					.loadClass("org.apache.derby.jdbc.ClientDataSource");
			Object ds = type.getConstructor().newInstance();
			type.getMethod("setServerName", String.class).invoke(ds, remote.host());
			type.getMethod("setPortNumber", int.class).invoke(ds, remote.port());
			type.getMethod("setDatabaseName", String.class).invoke(ds, remote.database());
			type.getMethod("setUser", String.class).invoke(ds, remote.user());
			type.getMethod("setPassword", String.class).invoke(ds, remote.password());
			DataSource source = (DataSource) ds;
			source.setLoginTimeout(5);
			return source;
		} catch (ReflectiveOperationException | LinkageError e) {
			throw new SQLException("Derby's network client is not installed (derbyclient 10.17 and"
					+ " io.deepstress.store.derbyclient): " + e, "XJ000", e);
		}
	}

	/**
	 * Whether a failure means that the server this process logged in to is gone (the connection was refused, reset
	 * or closed: SQLState class 08, or Derby's client DisconnectException), so that a reconnect may help.
	 */
	static boolean serverLost(Throwable e) {
		for (int depth = 0; e != null && depth < 30; depth++) {
			if (e instanceof SQLException sql) {
				String state = sql.getSQLState();
				if (state != null && state.startsWith("08")) {
					return true;
				}
				if (sql.getNextException() != null && serverLost(sql.getNextException())) {
					return true;
				}
			}
			String type = e.getClass().getName();
			if (type.endsWith("DisconnectException") || e instanceof java.net.ConnectException
					|| e instanceof java.net.SocketException) {
				return true;
			}
			e = e.getCause() == e ? null : e.getCause();
		}
		return false;
	}
}
