package io.deepstress.gpu.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;

/**
 * The SSH provider, constructed directly, against a real sshd on 127.0.0.1 running the fake nvidia-smi.
 */
class SshGpuProviderTest {

	private static final Duration INTERVAL = Duration.ofMillis(250);
	private static final Duration WAIT = Duration.ofSeconds(30);

	private static SshServer server;

	private final List<GpuSource> opened = new ArrayList<>();
	private MemorySecretStore secrets;
	private SshGpuProvider provider;
	private Path knownHosts;

	@BeforeAll
	static void startServer() throws Exception {
		server = SshServer.start("SshGpuProviderTest");
	}

	@AfterAll
	static void stopServer() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void newProvider(TestInfo test) throws Exception {
		server.resetControls();
		if (!server.running()) {
			server.start();
		}
		knownHosts = server.knownHostsTrusting("ed25519",
				server.dir().resolve("known-hosts").resolve(test.getTestMethod().orElseThrow().getName()));
		provider = new SshGpuProvider(SshSettings.defaults().withKnownHosts(knownHosts)
				.withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2)));
		secrets = new MemorySecretStore();
		provider.setSecretStore(secrets);
	}

	@AfterEach
	void closeSources() throws Exception {
		for (GpuSource source : opened) {
			source.close();
		}
		server.resetControls();
	}

	private Recorder open(GpuHost host) {
		Recorder recorder = new Recorder();
		opened.add(provider.open(host, INTERVAL, recorder));
		return recorder;
	}

	private static void assertRealisticBatch(GpuHost host, List<GpuSample> batch, int gpus) {
		assertEquals(gpus, batch.size(), "one sample per GPU in a batch: " + batch);
		for (int i = 0; i < gpus; i++) {
			GpuSample s = batch.get(i);
			assertEquals(i, s.index());
			assertEquals(host.sampleHost(), s.host());
			assertEquals(batch.get(0).epochMillis(), s.epochMillis(), "one instant per batch");
			assertTrue(s.uuid().startsWith("GPU-"), s.uuid());
			assertTrue(s.name().equals(i % 2 == 0 ? "NVIDIA H100 80GB HBM3" : "NVIDIA A100-SXM4-40GB"), s.name());
			assertNotNull(s.utilization());
			assertTrue(s.memoryUsedMiB() <= s.memoryTotalMiB());
			assertEquals(i % 2 == 0 ? 81559L : 40960L, s.memoryTotalMiB());
			assertNotNull(s.temperatureC());
			assertNotNull(s.smClockMHz());
			if (i % 4 == 3) {
				assertNull(s.powerW(), "[N/A] is no value");
			} else {
				assertNotNull(s.powerW());
			}
			if (i % 4 == 1) {
				assertNull(s.throttleReasons(), "[Not Supported] is no value");
			} else {
				assertTrue(s.throttleReasons().startsWith("0x"), s.throttleReasons());
			}
		}
	}

	private void assertKeyHostDelivers(String keyName) {
		GpuHost host = server.keyHost("key-" + keyName, keyName);
		Recorder r = open(host);
		List<List<GpuSample>> batches = r.awaitBatches(3, WAIT);
		assertEquals(Status.OK, r.status(), r.toString());
		for (List<GpuSample> batch : batches) {
			assertRealisticBatch(host, batch, 2);
		}
		assertTrue(batches.get(2).get(0).epochMillis() > batches.get(0).get(0).epochMillis());
		assertEquals(Status.STARTING, r.states.get(0).status());
		assertTrue(r.threads.stream().allMatch(t -> t.startsWith("deepstress-gpu-ssh ")), r.threads.toString());
	}

	@Test
	void ed25519KeyDeliversSamples() {
		assertKeyHostDelivers("id_ed25519");
	}

	@Test
	void rsaKeyDeliversSamples() {
		assertKeyHostDelivers("id_rsa");
	}

	@Test
	void ecdsaKeyDeliversSamples() {
		assertKeyHostDelivers("id_ecdsa");
	}

	@Test
	void passphraseOfKeyComesFromSecretStore() {
		GpuHost host = server.keyHost("pass", "id_ed25519_pass");
		secrets.put(host.secretKey(), SshServer.KEY_PASSPHRASE);
		Recorder r = open(host);
		r.awaitBatches(2, WAIT);
		assertTrue(secrets.reads.contains(host.secretKey()));
	}

	@Test
	void encryptedKeyWithoutPassphraseFails() {
		GpuHost host = server.keyHost("nopass", "id_ed25519_pass");
		Recorder r = open(host);
		GpuSourceState state = r.awaitStatus(Status.FAILED, WAIT);
		assertTrue(state.message().contains("no passphrase"), state.message());
		secrets.put(host.secretKey(), "not the passphrase");
		Recorder wrong = open(server.keyHost("nopass", "id_ed25519_pass"));
		state = wrong.awaitStatus(Status.FAILED, WAIT);
		assertTrue(state.message().contains("does not decrypt"), state.message());
		assertFalse(state.message().contains("not the passphrase"), "never show a secret");
	}

	@Test
	void passwordAuthDeliversSamples() {
		GpuHost host = server.passwordHost("pw");
		secrets.put(host.secretKey(), server.password());
		Recorder r = open(host);
		for (List<GpuSample> batch : r.awaitBatches(3, WAIT)) {
			assertRealisticBatch(host, batch, 2);
		}
	}

	@Test
	void wrongPasswordFailsOnceWithClearMessage() throws Exception {
		GpuHost host = server.passwordHost("wrong");
		secrets.put(host.secretKey(), "Wrong-" + server.password());
		long failuresBefore = server.logCount("Failed password for " + SshServer.USER);
		Recorder r = open(host);
		GpuSourceState state = r.awaitStatus(Status.FAILED, WAIT);
		assertTrue(state.message().startsWith("authentication refused"), state.message());
		assertTrue(state.message().contains(SshServer.USER), state.message());
		assertFalse(state.message().contains(server.password()), "never show a secret");
		Thread.sleep(1500);
		assertEquals(Status.FAILED, r.status(), "not retried: " + r);
		assertEquals(1, r.states.stream().filter(s -> s.status() == Status.FAILED).count(), r.toString());
		r.await("sshd to log the attempt", WAIT,
				() -> logCountQuietly("Failed password for " + SshServer.USER) > failuresBefore);
		assertEquals(failuresBefore + 1, server.logCount("Failed password for " + SshServer.USER),
				"one password attempt, no retry storm");
		assertTrue(r.batches.isEmpty());
	}

	private static long logCountQuietly(String text) {
		try {
			return server.logCount(text);
		} catch (Exception e) {
			return -1;
		}
	}

	@Test
	void passwordWithoutSecretStoreFails() {
		provider.setSecretStore(null);
		Recorder r = open(server.passwordHost("nostore"));
		GpuSourceState state = r.awaitStatus(Status.FAILED, WAIT);
		assertTrue(state.message().contains("no secure storage"), state.message());
	}

	@Test
	void unknownHostKeyRefusedWithoutConfirmer() throws Exception {
		Files.writeString(knownHosts, "");
		Recorder r = open(server.keyHost("unknown", "id_ed25519"));
		GpuSourceState state = r.awaitStatus(Status.FAILED, WAIT);
		assertTrue(state.message().startsWith("host key of 127.0.0.1:" + server.port() + " is unknown"),
				state.message());
		assertTrue(state.message().contains(server.hostFingerprint("ed25519")), state.message());
		assertEquals("", Files.readString(knownHosts), "nothing stored");
		assertTrue(r.batches.isEmpty());
	}

	@Test
	void unknownHostKeyDeclinedByConfirmerIsRefused() throws Exception {
		Files.writeString(knownHosts, "");
		provider.setHostKeyConfirmer((h, p, type, fp) -> false);
		Recorder r = open(server.keyHost("declined", "id_ed25519"));
		GpuSourceState state = r.awaitStatus(Status.FAILED, WAIT);
		assertTrue(state.message().contains("was not confirmed; refusing to connect"), state.message());
		assertEquals("", Files.readString(knownHosts));
	}

	@Test
	void unknownHostKeyConfirmedIsTrustedAndStored() throws Exception {
		Path fresh = knownHosts.resolveSibling("confirmed-dir").resolve("known_hosts");
		SshGpuProvider p = new SshGpuProvider(provider.settings().withKnownHosts(fresh));
		p.setSecretStore(secrets);
		List<String> asked = new CopyOnWriteArrayList<>();
		p.setHostKeyConfirmer((host, port, type, fp) -> asked.add(host + " " + port + " " + type + " " + fp));
		Recorder r = new Recorder();
		opened.add(p.open(server.keyHost("confirm", "id_ed25519"), INTERVAL, r));
		r.awaitBatches(2, WAIT);
		assertEquals(List.of("127.0.0.1 " + server.port() + " ssh-ed25519 " + server.hostFingerprint("ed25519")),
				asked);
		assertEquals("[127.0.0.1]:" + server.port() + " " + server.hostPublicKey("ed25519"),
				Files.readString(fresh).trim());
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));

		// trusted from now on: not asked again
		Recorder again = new Recorder();
		opened.add(p.open(server.keyHost("confirm-2", "id_ed25519"), INTERVAL, again));
		again.awaitBatches(2, WAIT);
		assertEquals(1, asked.size());
		assertEquals(1, Files.readAllLines(fresh).size());
	}

	@Test
	void changedHostKeyIsRefusedEvenWithConfirmer() throws Exception {
		List<String> asked = new CopyOnWriteArrayList<>();
		provider.setHostKeyConfirmer((host, port, type, fp) -> asked.add(fp));
		String trusted = Files.readString(knownHosts);
		try {
			server.restartWithHostKey("ed25519-new");
			Recorder r = open(server.keyHost("changed", "id_ed25519"));
			GpuSourceState state = r.awaitStatus(Status.FAILED, WAIT);
			String m = state.message();
			assertTrue(m.startsWith("host key of 127.0.0.1:" + server.port() + " changed"), m);
			assertTrue(m.contains("refusing to connect"), m);
			assertTrue(m.contains(server.hostFingerprint("ed25519-new")), m);
			assertTrue(asked.isEmpty(), "a changed key is never offered for confirmation");
			assertEquals(trusted, Files.readString(knownHosts), "known_hosts untouched");
			Thread.sleep(1000);
			assertEquals(Status.FAILED, r.status(), "not retried: " + r);
			assertTrue(r.batches.isEmpty());
		} finally {
			server.restartWithHostKey("ed25519");
		}
	}

	@Test
	void reconnectsWhenSshdStopsAndComesBack() throws Exception {
		Recorder r = open(server.keyHost("restart", "id_ed25519"));
		r.awaitBatches(2, WAIT);
		server.stop();
		GpuSourceState reconnecting = r.awaitStatus(Status.RECONNECTING, WAIT);
		assertTrue(reconnecting.message().contains("127.0.0.1:" + server.port()), reconnecting.message());
		assertTrue(reconnecting.message().contains("retrying in"), reconnecting.message());
		// a second failed attempt while sshd is down, however long the machine takes to get there
		r.await("a retry while sshd is down", WAIT,
				() -> r.states.stream().filter(s -> s.status() == Status.RECONNECTING).count() >= 2);
		int before = r.batches.size();
		server.start();
		r.awaitBatches(before + 3, WAIT);
		assertEquals(Status.OK, r.status(), r.toString());
		assertTrue(r.states.stream().filter(s -> s.status() == Status.RECONNECTING).count() >= 2,
				"backoff retries while sshd was down: " + r);
	}

	@Test
	void reconnectsWhenNvidiaSmiEnds() throws Exception {
		server.control("exit-after", "2");
		Recorder r = open(server.keyHost("ends", "id_ed25519"));
		r.await("RECONNECTING after nvidia-smi ended", WAIT,
				() -> r.states.stream().anyMatch(s -> s.status() == Status.RECONNECTING));
		GpuSourceState ended = r.states.stream().filter(s -> s.status() == Status.RECONNECTING).findFirst()
				.orElseThrow();
		assertTrue(ended.message().contains("ended with exit status 0"), ended.message());
		int before = r.batches.size();
		server.control("exit-after", null);
		r.awaitBatches(before + 3, WAIT);
		assertEquals(Status.OK, r.status());
	}

	@Test
	void garbageLinesAreSkippedAndCounted() throws Exception {
		server.control("gpus", "4");
		server.control("garbage", "3");
		GpuHost host = server.keyHost("garbage", "id_ed25519");
		Recorder r = open(host);
		List<List<GpuSample>> batches = r.awaitBatches(5, WAIT);
		for (List<GpuSample> batch : batches) {
			assertRealisticBatch(host, batch, 4);
		}
		GpuSource source = opened.get(0);
		r.await("skipped lines counted", WAIT, () -> source.state().skipped() >= 4);
		GpuSourceState state = source.state();
		assertEquals(Status.OK, state.status());
		assertTrue(state.samples() >= 20, state.toString());
		assertTrue(r.states.stream().anyMatch(s -> s.skipped() > 0), "skipped count reported: " + r);
	}

	@Test
	void eightGpusComeAsOneBatchPerInterval() throws Exception {
		server.control("gpus", "8");
		GpuHost host = server.keyHost("eight", "id_ed25519");
		Recorder r = open(host);
		for (List<GpuSample> batch : r.awaitBatches(4, WAIT)) {
			assertRealisticBatch(host, batch, 8);
		}
	}

	@Test
	void missingNvidiaSmiIsUnavailable() throws Exception {
		Path kh = knownHosts.resolveSibling("missing");
		Files.writeString(kh, "[127.0.0.1]:" + server.missingPort() + " " + server.hostPublicKey("ed25519") + "\n");
		SshGpuProvider p = new SshGpuProvider(provider.settings().withKnownHosts(kh));
		Recorder r = new Recorder();
		opened.add(p.open(server.hostWithoutNvidiaSmi("missing"), INTERVAL, r));
		GpuSourceState state = r.awaitStatus(Status.UNAVAILABLE, WAIT);
		assertTrue(state.message().contains("nvidia-smi: command not found"), state.message());
		assertTrue(state.message().contains("exit 127"), state.message());
		Thread.sleep(1000);
		assertEquals(Status.UNAVAILABLE, r.status(), "not retried: " + r);
	}

	@Test
	void connectionRefusedIsRetriedUntilClosed() throws Exception {
		int port;
		try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		GpuHost host = new GpuHost("refused", "refused", GpuHost.Kind.SSH, "127.0.0.1", port, SshServer.USER,
				GpuHost.Auth.KEY, server.clientKey("id_ed25519").toString(), null);
		Recorder r = open(host);
		GpuSourceState state = r.awaitStatus(Status.RECONNECTING, WAIT);
		assertTrue(state.message().startsWith("cannot connect to"), state.message());
		assertTrue(state.message().toLowerCase().contains("refused"), state.message());
		GpuSource source = opened.remove(0);
		source.close();
		assertEquals(Status.STOPPED, source.state().status());
		assertEquals(Status.STOPPED, r.status());
	}

	@Test
	void severalHostsAtOnceAndCloseLeavesNoThreadsOrSessions() throws Exception {
		new Recorder().await("sessions of earlier tests to end", WAIT, () -> {
			try {
				return liveThreads("Connect thread").isEmpty() && server.sessionProcesses() == 0;
			} catch (Exception e) {
				return false;
			}
		});
		GpuHost pw = server.passwordHost("multi-pw");
		secrets.put(pw.secretKey(), server.password());
		List<GpuHost> hosts = List.of(server.keyHost("multi-ed", "id_ed25519"), server.keyHost("multi-rsa", "id_rsa"),
				server.keyHost("multi-ecdsa", "id_ecdsa"), pw);
		List<Recorder> recorders = new ArrayList<>();
		for (GpuHost host : hosts) {
			recorders.add(open(host));
		}
		for (int i = 0; i < hosts.size(); i++) {
			for (List<GpuSample> batch : recorders.get(i).awaitBatches(2, WAIT)) {
				assertRealisticBatch(hosts.get(i), batch, 2);
			}
		}
		assertEquals(hosts.size(), server.sessionProcesses(), "one SSH connection per host");
		assertEquals(hosts.size(), liveThreads("Connect thread").size(), "one JSch session per host");
		assertEquals(hosts.size(), liveThreads("deepstress-gpu-ssh ").size());
		assertEquals(hosts.size(), provider.openSources().size());

		for (GpuSource source : opened) {
			source.close();
		}
		for (Recorder r : recorders) {
			assertEquals(Status.STOPPED, r.status());
		}
		for (GpuSource source : opened) {
			SshGpuSource s = (SshGpuSource) source;
			assertFalse(s.worker().isAlive());
		}
		Recorder any = recorders.get(0);
		any.await("JSch session threads to end", WAIT,
				() -> liveThreads("Connect thread").isEmpty() && liveThreads("deepstress-gpu-ssh ").isEmpty());
		any.await("sshd sessions to end", WAIT, () -> {
			try {
				return server.sessionProcesses() == 0;
			} catch (Exception e) {
				return false;
			}
		});
		assertTrue(provider.openSources().isEmpty());
		int[] counts = recorders.stream().mapToInt(r -> r.batches.size()).toArray();
		Thread.sleep(600);
		assertEquals(Set.of(true), recorders.stream().map(r -> r.batches.size() == counts[recorders.indexOf(r)])
				.collect(Collectors.toSet()), "nothing delivered after close");
	}

	static List<String> liveThreads(String prefix) {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
				.filter(n -> n.startsWith(prefix)).toList();
	}
}
