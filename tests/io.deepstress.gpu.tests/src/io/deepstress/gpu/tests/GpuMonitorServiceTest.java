package io.deepstress.gpu.tests;

import static io.deepstress.gpu.tests.GpuTestFiles.fakeSmi;
import static io.deepstress.gpu.tests.GpuTestFiles.smiHost;
import static io.deepstress.gpu.tests.GpuTestFiles.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.events.GpuTopics;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuMonitor;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;

/** The DS GpuMonitor with the DS nvidia-smi provider (fake script), on the real EventAdmin. */
class GpuMonitorServiceTest {

	private final BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
	private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
	private final EventRecorder bus = new EventRecorder();
	private GpuMonitor monitor;

	@BeforeEach
	void services() throws Exception {
		monitor = service(GpuMonitor.class);
		Hashtable<String, Object> props = new Hashtable<>();
		props.put(EventConstants.EVENT_TOPIC, GpuTopics.ALL);
		registrations.add(context.registerService(EventHandler.class, bus, props));
	}

	@AfterEach
	void cleanUp() {
		registrations.forEach(ServiceRegistration::unregister);
		monitor.setInterval(Duration.ofSeconds(1));
		for (GpuSourceState s : monitor.sources()) {
			monitor.unwatch(s.hostId());
		}
	}

	private <T> T service(Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T s = tracker.waitForService(10_000);
		assertNotNull(s, type.getSimpleName() + " service");
		return s;
	}

	@SuppressWarnings("unchecked")
	private List<List<GpuSample>> batchesOf(String hostName) {
		return bus.payloads(GpuTopics.SAMPLE, List.class).stream().map(b -> (List<GpuSample>) b)
				.filter(b -> !b.isEmpty() && b.get(0).host().equals(hostName)).toList();
	}

	@Test
	void watchPostsSamplesAndStatesAndKeepsHistory() throws Exception {
		Path script = fakeSmi("monitor", null);
		GpuHost host = smiHost("monitor-host", script);
		monitor.setInterval(Duration.ofMillis(250));
		monitor.watch(host);
		// this host's batches only: a source of another test may still post while it is being closed
		waitUntil("3 sample events of this host", 20_000, () -> batchesOf("localhost").size() >= 3, bus::toString);
		waitUntil("3 samples of each GPU in the history", 20_000,
				() -> monitor.history().entrySet().stream().filter(e -> e.getKey().startsWith("localhost/"))
						.filter(e -> e.getValue().size() >= 3).count() == 2,
				monitor::history);
		List<GpuSample> batch = batchesOf("localhost").get(0);
		assertEquals(2, batch.size());
		assertEquals("NVIDIA H100 80GB HBM3", batch.get(0).name());
		assertEquals("NVIDIA A100-SXM4-40GB", batch.get(1).name());
		waitUntil("an OK state event", 20_000,
				() -> bus.payloads(GpuTopics.SOURCE, GpuSourceState.class).stream()
						.anyMatch(s -> s.hostId().equals(host.id()) && s.status() == Status.OK),
				bus::toString);
		Map<String, List<GpuSample>> history = monitor.history();
		assertTrue(history.get("localhost/GPU-1c9f3a52-7d4e-4b8a-9e61-0f2d5c3b7a19").size() >= 3, history::toString);
		assertTrue(history.get("localhost/GPU-8e2b6f14-3c5a-4d97-b1e0-6a4f9d2c8e73").size() >= 3, history::toString);
		GpuSourceState state = monitor.sources().stream().filter(s -> s.hostId().equals(host.id())).findFirst()
				.orElseThrow();
		assertEquals(Status.OK, state.status());

		monitor.unwatch(host.id());
		assertTrue(monitor.sources().stream().noneMatch(s -> s.hostId().equals(host.id())));
		waitUntil("a STOPPED state event", 20_000,
				() -> bus.payloads(GpuTopics.SOURCE, GpuSourceState.class).stream()
						.anyMatch(s -> s.hostId().equals(host.id()) && s.status() == Status.STOPPED),
				bus::toString);
		assertTrue(GpuTestFiles.threads("deepstress-smi-" + host.id()).isEmpty());
	}

	@Test
	void subscribersHearTheirHostUntilTheyClose() throws Exception {
		List<Integer> received = new ArrayList<>();
		Path script = fakeSmi("sink", null);
		GpuHost host = smiHost("sink-host", script);
		GpuHost other = smiHost("other-host", fakeSmi("other", null));
		GpuMonitor.Subscription otherHost = monitor.subscribe(other.id(), samples -> {
			synchronized (received) {
				received.add(-1);
			}
		});
		monitor.setInterval(Duration.ofMillis(250));
		monitor.watch(host);
		waitUntil("3 sample events before anyone subscribes", 20_000,
				() -> bus.payloads(GpuTopics.SAMPLE, List.class).size() >= 3, bus::toString);
		GpuMonitor.Subscription subscription = monitor.subscribe(host.id(), samples -> {
			synchronized (received) {
				received.add(samples.size());
			}
		});
		waitUntil("3 batches to the subscriber", 20_000, () -> {
			synchronized (received) {
				return received.size() >= 3;
			}
		}, () -> received);
		subscription.close();
		int afterClose;
		synchronized (received) {
			afterClose = received.size();
			assertTrue(received.stream().allMatch(n -> n > 0), "only the subscribed host's batches: " + received);
		}
		int samplesBefore = bus.payloads(GpuTopics.SAMPLE, List.class).size();
		waitUntil("3 more sample events", 20_000,
				() -> bus.payloads(GpuTopics.SAMPLE, List.class).size() >= samplesBefore + 3, bus::toString);
		synchronized (received) {
			assertEquals(afterClose, received.size(), "nothing after the subscription closed: " + received);
		}
		otherHost.close();
		monitor.unwatch(host.id());
	}

	@Test
	void aProviderRegisteredAsAServiceIsUsedAndItsSourceClosedWhenItGoes() throws Exception {
		FakeProvider provider = new FakeProvider(GpuHost.Kind.SSH);
		Hashtable<String, Object> props = new Hashtable<>();
		props.put(Constants.SERVICE_RANKING, 1000); // above a real SSH provider, if one is installed
		ServiceRegistration<GpuProvider> registration = context.registerService(GpuProvider.class, provider, props);
		GpuHost host = new GpuHost("ssh-host", "gpu-box", GpuHost.Kind.SSH, "gpu-box.invalid", 22, "me",
				GpuHost.Auth.PASSWORD, null, null);
		try {
			monitor.watch(host);
			assertEquals(1, provider.opened().size());
			provider.last().push(4, System.currentTimeMillis());
			waitUntil("the fake batch on the bus", 10_000, () -> bus.payloads(GpuTopics.SAMPLE, List.class).stream()
					.anyMatch(b -> b.size() == 4 && ((GpuSample) b.get(0)).host().equals("gpu-box")), bus::toString);
		} finally {
			registration.unregister();
		}
		assertTrue(provider.last().closed, "the monitor closes a source whose provider goes away");
		assertFalse(provider.opened().size() > 1);
		monitor.unwatch(host.id());
	}
}
