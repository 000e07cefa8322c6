package io.deepstress.gpu.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;
import io.deepstress.core.gpu.HostKeyConfirmer;
import io.deepstress.core.services.SecretStore;

/**
 * The provider as the application gets it: the DS component, with SecretStore and HostKeyConfirmer
 * registered as OSGi services, and the default known_hosts location from {@code deepstress.ssh.knownHosts}.
 */
class SshGpuProviderDsTest {

	private static final Duration WAIT = Duration.ofSeconds(30);
	private static SshServer server;

	@BeforeAll
	static void startServer() throws Exception {
		server = SshServer.start("SshGpuProviderDsTest");
	}

	@AfterAll
	static void stopServer() throws Exception {
		System.clearProperty("deepstress.ssh.knownHosts");
		if (server != null) {
			server.close();
		}
	}

	@Test
	void providerServiceUsesSecretStoreAndConfirmerServices() throws Exception {
		Bundle bundle = FrameworkUtil.getBundle(SshGpuProvider.class);
		if (bundle.getState() != Bundle.ACTIVE) {
			bundle.start();
		}
		BundleContext context = bundle.getBundleContext();
		Path knownHosts = server.dir().resolve("ds-home").resolve("known_hosts");
		System.setProperty("deepstress.ssh.knownHosts", knownHosts.toString());

		MemorySecretStore secrets = new MemorySecretStore();
		GpuHost host = server.passwordHost("ds");
		secrets.put(host.secretKey(), server.password());
		List<String> asked = new CopyOnWriteArrayList<>();
		HostKeyConfirmer confirmer = (h, p, type, fp) -> asked.add(type + " " + fp);
		ServiceRegistration<SecretStore> store = context.registerService(SecretStore.class, secrets, props());
		ServiceRegistration<HostKeyConfirmer> confirm = context.registerService(HostKeyConfirmer.class, confirmer,
				props());
		ServiceTracker<GpuProvider, GpuProvider> tracker = new ServiceTracker<>(context,
				context.createFilter("(&(objectClass=" + GpuProvider.class.getName() + ")(deepstress.gpu.kind=SSH))"),
				null);
		tracker.open();
		GpuSource source = null;
		GpuSource second = null;
		try {
			GpuProvider provider = tracker.waitForService(10_000);
			assertNotNull(provider, "SSH GpuProvider service registered by DS");
			assertEquals(GpuHost.Kind.SSH, provider.kind());

			Recorder r = new Recorder();
			source = provider.open(host, Duration.ofMillis(300), r);
			List<List<GpuSample>> batches = r.awaitBatches(2, WAIT);
			assertEquals(2, batches.get(0).size());
			assertEquals("gpu-ds", batches.get(0).get(0).host());
			assertEquals(List.of("ssh-ed25519 " + server.hostFingerprint("ed25519")), asked);
			assertTrue(Files.readString(knownHosts).startsWith("[127.0.0.1]:" + server.port() + " ssh-ed25519 "));
			assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts)));

			// the store goes away (dynamic reference): password hosts fail clearly
			store.unregister();
			store = null;
			Recorder r2 = new Recorder();
			second = provider.open(server.passwordHost("ds-2"), Duration.ofMillis(300), r2);
			GpuSourceState state = r2.awaitStatus(Status.FAILED, WAIT);
			assertTrue(state.message().contains("no secure storage"), state.message());
			assertEquals(Status.OK, source.state().status(), "the running source keeps going");
		} finally {
			if (source != null) {
				source.close();
			}
			if (second != null) {
				second.close();
			}
			tracker.close();
			if (store != null) {
				store.unregister();
			}
			confirm.unregister();
		}
	}

	private static Dictionary<String, Object> props() {
		return new Hashtable<>();
	}
}
