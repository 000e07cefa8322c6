package io.deepstress.store.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for the store tests, from Debian's {@code postgresql} package: its own data directory under
 * {@code target/}, a free port on 127.0.0.1, its own superuser and test user with random passwords (SCRAM). As root
 * (CI) initdb and the server run as the {@code postgres} OS user the package creates ({@code runuser}), since
 * PostgreSQL refuses to run as root. Started once per test JVM, stopped when the JVM exits. When it cannot start,
 * {@link #get()} fails with what went wrong: the tests fail, they do not skip.
 */
final class PostgresServer {

	static final String USER = "deepstress_test";
	private static final String ADMIN = "deepstress_admin";
	private static PostgresServer running;

	private final Path bin;
	private final Path data;
	private final Path log;
	private final String osUser;
	private final int port;
	private final String adminPassword = random();
	private final String password = random();

	private PostgresServer(Path bin, Path base, String osUser, int port) {
		this.bin = bin;
		this.data = base.resolve("data");
		this.log = base.resolve("server.log");
		this.osUser = osUser;
		this.port = port;
	}

	/** The server of this JVM, started on first use. */
	static synchronized PostgresServer get() {
		if (running == null) {
			try {
				running = start();
			} catch (IOException | SQLException | RuntimeException e) {
				throw new IllegalStateException("the test PostgreSQL server cannot start: " + e.getMessage(), e);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while starting the test PostgreSQL server", e);
			}
		}
		return running;
	}

	private static PostgresServer start() throws IOException, SQLException, InterruptedException {
		Path bin = binaries();
		boolean root = "root".equals(System.getProperty("user.name"));
		String osUser = root ? "postgres" : null;
		int port = freePort();
		Path base = Path.of(System.getProperty("deepstress.test.dir", "target/store-tests")).toAbsolutePath().getParent()
				.resolve("postgresql").resolve("pg-" + ProcessHandle.current().pid());
		if (osUser != null && !reachable(osUser, base.getParent().getParent())) {
			// a checkout under a private home (/root is 0700): the postgres user cannot reach target/, so the server
			// gets a directory of its own under the system's temporary directory
			base = Path.of(System.getProperty("java.io.tmpdir"), "deepstress-test-postgresql",
					"pg-" + ProcessHandle.current().pid());
			System.err.println("test PostgreSQL: " + osUser + " cannot reach target/, data directory " + base);
		}
		Files.createDirectories(base.getParent());
		try (Stream<Path> earlier = Files.list(base.getParent())) { // servers of earlier test JVMs: stopped, removed
			for (Path old : earlier.toList()) {
				new PostgresServer(bin, old, osUser, 0).stopQuietly();
				deleteTree(old);
			}
		}
		Files.createDirectories(base);
		PostgresServer server = new PostgresServer(bin, base, osUser, port);
		Path pw = base.resolve("admin.pw");
		Files.writeString(pw, server.adminPassword);
		if (osUser != null) {
			chown(base, osUser);
			chown(pw, osUser);
		}
		server.exec(120, "initdb", "-D", server.data.toString(), "-U", ADMIN, "--pwfile=" + pw, "-A", "scram-sha-256",
				"-E", "UTF8", "--locale=C", "--no-sync");
		Files.delete(pw);
		server.exec(120, "pg_ctl", "-D", server.data.toString(), "-l", server.log.toString(), "-w", "-t", "90", "-o",
				"-p " + port + " -c listen_addresses=127.0.0.1 -k " + base + " -c max_connections=300", "start");
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop test PostgreSQL"));
		try (Connection c = server.admin("postgres"); Statement s = c.createStatement()) {
			s.execute("CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + server.password + "'");
		}
		return server;
	}

	/** The newest server binaries of Debian's package ({@code -Ddeepstress.test.pgbin} overrides). */
	private static Path binaries() throws IOException {
		String explicit = System.getProperty("deepstress.test.pgbin");
		if (explicit != null) {
			return Path.of(explicit);
		}
		Path root = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(root)) {
			try (Stream<Path> versions = Files.list(root)) {
				List<Path> found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
						.sorted(Comparator.comparing((Path b) -> b.getParent().getFileName().toString(),
								Comparator.comparingInt(n -> n.matches("\\d+") ? Integer.parseInt(n) : 0)))
						.toList();
				if (!found.isEmpty()) {
					return found.get(found.size() - 1);
				}
			}
		}
		throw new IOException("no PostgreSQL server under /usr/lib/postgresql/*/bin: install Debian's postgresql"
				+ " package (.ci/run does)");
	}

	/** Whether {@code user} can enter every directory down to {@code dir}. */
	private static boolean reachable(String user, Path dir) throws IOException, InterruptedException {
		Process p = new ProcessBuilder("runuser", "-u", user, "--", "test", "-x", dir.toString()).redirectErrorStream(true)
				.start();
		p.getInputStream().readAllBytes();
		return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
	}

	private static void chown(Path path, String user) throws IOException {
		UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
		Files.setOwner(path, users.lookupPrincipalByName(user));
	}

	private static String random() {
		byte[] b = new byte[18];
		new SecureRandom().nextBytes(b);
		return HexFormat.of().formatHex(b);
	}

	/** Runs one of the server's programs (as the {@code postgres} user when we are root); fails with its output. */
	private void exec(int seconds, String program, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		if (osUser != null) {
			command.addAll(List.of("runuser", "-u", osUser, "--"));
		}
		command.add(bin.resolve(program).toString());
		command.addAll(List.of(args));
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] out = p.getInputStream().readAllBytes();
		if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new IOException(program + " did not finish in " + seconds + " s");
		}
		if (p.exitValue() != 0) {
			String serverLog = Files.exists(log) ? Files.readString(log) : "";
			throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": "
					+ new String(out, StandardCharsets.UTF_8) + serverLog);
		}
	}

	/** Stops the server (fast shutdown: clients are disconnected). */
	synchronized void stop() {
		try {
			exec(60, "pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
		} catch (IOException | InterruptedException e) {
			System.err.println("stopping the test PostgreSQL server failed: " + e.getMessage());
		}
	}

	private void stopQuietly() {
		if (Files.exists(data.resolve("postmaster.pid"))) {
			try {
				exec(60, "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
			} catch (IOException | InterruptedException e) {
				// not running any more
			}
		}
	}

	/** Starts it again after {@link #stop()} (on the same port and data). */
	synchronized void restart() throws IOException, InterruptedException {
		exec(120, "pg_ctl", "-D", data.toString(), "-l", log.toString(), "-w", "-t", "90", "-o",
				"-p " + port + " -c listen_addresses=127.0.0.1 -k " + data.getParent() + " -c max_connections=300",
				"start");
	}

	int port() {
		return port;
	}

	/** The test user's password. */
	String password() {
		return password;
	}

	Path dataDirectory() {
		return data;
	}

	/** A connection as the server's superuser to {@code database}. */
	Connection admin(String database) throws SQLException {
		return connect(database, ADMIN, adminPassword);
	}

	/** A connection as the test user (the store's user) to {@code database}. */
	Connection asTestUser(String database) throws SQLException {
		return connect(database, USER, password);
	}

	private Connection connect(String database, String user, String pw) throws SQLException {
		PGSimpleDataSource ds = new PGSimpleDataSource();
		ds.setServerNames(new String[] { "127.0.0.1" });
		ds.setPortNumbers(new int[] { port });
		ds.setDatabaseName(database);
		ds.setUser(user);
		ds.setPassword(pw);
		return ds.getConnection();
	}

	/**
	 * The database of a test directory (a test that reopens its directory gets the same database; a new directory, a
	 * new empty one), created owned by the test user when it does not exist yet.
	 */
	synchronized StoreUrl urlFor(Path dir) {
		String name = "ds_" + digest(dir.toAbsolutePath().normalize().toString());
		try (Connection c = admin("postgres")) {
			boolean exists;
			try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
				ps.setString(1, name);
				try (ResultSet rs = ps.executeQuery()) {
					exists = rs.next();
				}
			}
			if (!exists) {
				try (Statement s = c.createStatement()) {
					s.execute("CREATE DATABASE " + name + " OWNER " + USER);
				}
			}
		} catch (SQLException e) {
			throw new IllegalStateException("creating the test database " + name + " failed: " + e.getMessage(), e);
		}
		return StoreUrl.postgres("127.0.0.1", port, name, USER);
	}

	private static String digest(String s) {
		try {
			byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(d, 0, 10);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void deleteTree(Path p) throws IOException {
		if (!Files.exists(p)) {
			return;
		}
		try (Stream<Path> files = Files.walk(p)) {
			for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(f);
			}
		}
	}
}
