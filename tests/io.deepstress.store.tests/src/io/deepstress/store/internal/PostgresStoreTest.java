package io.deepstress.store.internal;

import static io.deepstress.store.internal.TestData.result;
import static io.deepstress.store.internal.TestData.snapshot;
import static io.deepstress.store.internal.TestData.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.services.SecretStore;

/**
 * What only PostgreSQL has (the rest of the suite runs on it too, in the pom's second execution): a wrong password,
 * a server that is down at start or goes down during a run, a schema newer than this code, two writers at once, and
 * the upgrade of a database of the previous schema. On a real server from Debian's package ({@link PostgresServer}).
 */
class PostgresStoreTest {

	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), "pg-" + UUID.randomUUID());
	private final List<Database> opened = new ArrayList<>();

	private Database open(StoreUrl url, String password) {
		Database db = Database.open(url, password, null);
		opened.add(db);
		return db;
	}

	@AfterEach
	void closeAll() {
		opened.forEach(Database::close);
	}

	static RunConfig config(String name) {
		return new RunConfig(name, new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", Map.of(), null),
				RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("ds", List.of(new Prompt("p", "x"))), 1)),
				new Load.ClosedLoop(1), Limits.singlePass(), Timeouts.defaults(), RetryPolicy.none());
	}

	@Test
	void aWrongPasswordIsRefusedWithAClearMessageThatDoesNotCarryIt() {
		PostgresServer server = PostgresServer.get();
		StoreUrl url = server.urlFor(dir);
		String wrong = "not-the-password-" + UUID.randomUUID();
		Database db = open(url, wrong);
		assertFalse(db.isOpen());
		String problem = db.problem();
		assertNotNull(problem);
		assertTrue(problem.contains("refused user '" + PostgresServer.USER + "'"), problem);
		assertTrue(problem.contains("wrong password"), problem);
		assertTrue(problem.contains("DEEPSTRESS_DB_PASSWORD"), problem);
		assertFalse(problem.contains(wrong), "the password is not in the message");
		assertFalse(problem.contains(server.password()), "the password is not in the message");
		assertTrue(DerbyRunStore.over(db, false).problem().isPresent(), "the run store says why it saves nothing");

		Database right = open(url, server.password());
		assertNull(right.problem());
		assertTrue(right.isOpen());
	}

	@Test
	void thePasswordComesFromSecureStorageUnderTheDatabasesKey() throws Exception {
		PostgresServer server = PostgresServer.get();
		StoreUrl url = server.urlFor(dir);
		ServiceTracker<SecretStore, SecretStore> tracker = new ServiceTracker<>(
				FrameworkUtil.getBundle(PostgresStoreTest.class).getBundleContext(), SecretStore.class, null);
		tracker.open();
		try {
			SecretStore secrets = tracker.waitForService(20_000);
			assertNotNull(secrets, "the secure bundle's SecretStore");
			assertNull(System.getenv(PostgresSource.PASSWORD_ENV), PostgresSource.PASSWORD_ENV + " would come first: unset it");
			assertNull(PostgresSource.password(url, secrets), "no password stored yet");
			secrets.put(url.secretKey(), server.password());
			assertEquals(server.password(), PostgresSource.password(url, secrets));
			// as the product opens it: the URL from -Ddeepstress.db, the password from the bound SecretStore
			String before = System.getProperty("deepstress.db");
			Database db = new Database();
			opened.add(db);
			db.secrets = secrets;
			try {
				System.setProperty("deepstress.db", url.toString());
				db.activate(FrameworkUtil.getBundle(PostgresStoreTest.class).getBundleContext());
			} finally {
				if (before == null) {
					System.clearProperty("deepstress.db");
				} else {
					System.setProperty("deepstress.db", before);
				}
			}
			assertNull(db.problem());
			assertTrue(db.isOpen());
			assertTrue(db.isPostgres());
			assertEquals(url.toString(), db.location());
			secrets.remove(url.secretKey());
		} finally {
			tracker.close();
		}
	}

	@Test
	void aServerThatIsDownAtStartIsNamedByHostAndPortAndNothingHangs() throws Exception {
		int port;
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		long t0 = System.nanoTime();
		Database db = open(StoreUrl.postgres("127.0.0.1", port, "records", "someone"), "pw");
		long millis = (System.nanoTime() - t0) / 1_000_000;
		assertFalse(db.isOpen());
		String problem = db.problem();
		assertTrue(problem.startsWith("The records database server at 127.0.0.1:" + port + " cannot be reached"), problem);
		assertTrue(problem.contains("Nothing was changed or deleted"), problem);
		assertFalse(problem.contains("null"), problem);
		assertTrue(millis < PostgresSource.CONNECT_SECONDS * 1000L + 5000, "gave up in " + millis + " ms");
		DerbyRunStore store = DerbyRunStore.over(db, false);
		assertTrue(store.problem().orElseThrow().contains("127.0.0.1:" + port));
	}

	@Test
	void aSchemaNewerThanThisDeepStressIsRefusedAndLeftAlone() throws Exception {
		PostgresServer server = PostgresServer.get();
		StoreUrl url = server.urlFor(dir);
		Database first = open(url, server.password());
		assertNull(first.problem());
		first.close();
		int newer = Database.SCHEMA_VERSION + 1;
		try (Connection c = server.admin(url.database()); Statement s = c.createStatement()) {
			s.executeUpdate("UPDATE SCHEMA_VERSION SET VERSION = " + newer);
			s.executeUpdate("INSERT INTO TEST_RUN (RUN_ID, NAME, STATUS, START_MS, END_MS, CONCURRENCY, TOTAL_TASKS,"
					+ " SUCCESSFUL_TASKS, FAILED_TASKS, ATTEMPTS, TOTAL_TOKENS, INPUT_TOKENS, TOTAL_CHARS, ESTIMATED_TOKENS,"
					+ " UPDATED_MS) VALUES ('from-the-future', 'f', 'RUNNING', 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1)");
		}
		Database db = open(url, server.password());
		assertFalse(db.isOpen());
		assertTrue(db.problem().contains("schema " + newer + "; this version knows up to " + Database.SCHEMA_VERSION),
				db.problem());
		assertTrue(db.problem().contains(url.toString()), db.problem());
		db.close();
		try (Connection c = server.admin(url.database()); Statement s = c.createStatement()) {
			assertEquals(newer, Database.queryInt(c, "SELECT VERSION FROM SCHEMA_VERSION WHERE ID = 1"));
			assertEquals("RUNNING", string(s, "SELECT STATUS FROM TEST_RUN WHERE RUN_ID = 'from-the-future'"),
					"not marked interrupted: nothing changed");
		}
	}

	private static String string(Statement s, String sql) throws Exception {
		try (ResultSet rs = s.executeQuery(sql)) {
			return rs.next() ? rs.getString(1) : null;
		}
	}

	@Test
	void aServerThatGoesDownDuringARunKeepsTheResultsAndWritesThemWhenItIsBack() throws Exception {
		PostgresServer server = PostgresServer.get();
		DerbyRunStore store = DerbyRunStore.over(open(server.urlFor(dir), server.password()), false);
		RunStore.Recorder recorder = store.recorder(config("outage"));
		String runId = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(runId));
		recorder.onResults(batch(0, 30));
		assertTrue(recorder.awaitWritten(20_000), recorder.lastError());
		server.stop();
		try {
			recorder.onResults(batch(30, 50)); // the run goes on: this returns at once
			TestData.awaitWriterIdle(store);
			assertNotNull(recorder.lastError(), "the write failed while the server was down");
			assertTrue(((RunRecorder) recorder).pendingResults() >= 50, "the results wait in the buffer");
			recorder.onResults(batch(80, 20));
		} finally {
			server.restart();
		}
		recorder.onFinished(summary(runId, 100));
		assertTrue(recorder.awaitWritten(60_000), "written once the server is back: " + recorder.lastError());
		assertNull(recorder.lastError());
		assertEquals(RunStatus.COMPLETED, store.find(runId).orElseThrow().status());
		List<RequestResult> samples = store.samples(runId);
		assertEquals(100, samples.size(), "every result, once");
		assertEquals(100, samples.stream().map(RequestResult::requestId).distinct().count());
	}

	private static List<RequestResult> batch(int from, int count) {
		List<RequestResult> batch = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			batch.add(result(i, i % 7 != 0));
		}
		return batch;
	}

	@Test
	void twoWritersAtOnceKeepEveryRunAndEverySample() throws Exception {
		PostgresServer server = PostgresServer.get();
		StoreUrl url = server.urlFor(dir);
		DerbyRunStore a = DerbyRunStore.over(open(url, server.password()), false);
		DerbyRunStore b = DerbyRunStore.over(open(url, server.password()), false);
		int perRun = 3000;
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<String>> runs = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				DerbyRunStore store = i % 2 == 0 ? a : b;
				String name = "writer-" + i;
				runs.add(pool.submit(() -> record(store, name, perRun)));
			}
			List<String> ids = new ArrayList<>();
			for (Future<String> run : runs) {
				ids.add(run.get(120, TimeUnit.SECONDS));
			}
			for (DerbyRunStore reader : List.of(a, b)) {
				for (String id : ids) {
					assertEquals(RunStatus.COMPLETED, reader.find(id).orElseThrow().status());
					assertEquals(perRun, reader.samples(id).size(), "samples of run " + id);
				}
			}
		} finally {
			pool.shutdownNow();
		}
	}

	/** One run of {@code count} results written in live-sync batches, as the engine hands them over. */
	private static String record(DerbyRunStore store, String name, int count) throws InterruptedException {
		RunStore.Recorder recorder = store.recorder(config(name));
		String runId = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(runId));
		for (int i = 0; i < count; i += 25) {
			recorder.onResults(batch(i, 25));
		}
		recorder.onFinished(summary(runId, count));
		assertTrue(recorder.awaitWritten(90_000), recorder.lastError());
		return runId;
	}
}
