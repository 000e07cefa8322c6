package io.deepstress.gpu.tests;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.events.GpuTopics;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuMonitor;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;
import io.deepstress.gpu.internal.DefaultGpuMonitor;

/** The monitor outside OSGi, with providers driven by the test. */
class GpuMonitorTest {

	private final DefaultGpuMonitor monitor = new DefaultGpuMonitor(5);
	private final EventRecorder bus = new EventRecorder();

	GpuMonitorTest() {
		monitor.setEventAdmin(bus);
	}

	@AfterEach
	void close() {
		monitor.close();
	}

	@Test
	void aHostWithoutProviderIsUnavailableUntilOneComes() {
		GpuHost host = GpuHost.localSmi();
		monitor.watch(host);
		GpuSourceState state = monitor.sources().get(0);
		assertEquals(Status.UNAVAILABLE, state.status());
		assertEquals("no provider for LOCAL_SMI hosts", state.message());
		assertEquals(state, bus.payloads(GpuTopics.SOURCE, GpuSourceState.class).get(0));

		FakeProvider provider = new FakeProvider(GpuHost.Kind.LOCAL_SMI);
		monitor.addProvider(provider);
		assertEquals(1, provider.opened().size(), "the waiting host is opened when its provider comes");
		assertEquals(Duration.ofSeconds(1), provider.last().interval, "default interval");
		provider.last().push(2, 1);
		assertEquals(2, monitor.history().size());

		monitor.removeProvider(provider);
		assertTrue(provider.last().closed);
		assertEquals(Status.UNAVAILABLE, monitor.sources().get(0).status());
	}

	@Test
	void historyIsBoundedPerGpuAndInGpus() {
		FakeProvider provider = new FakeProvider(GpuHost.Kind.LOCAL_NVML);
		monitor.addProvider(provider);
		monitor.watch(GpuHost.localNvml());
		FakeProvider.Opened source = provider.last();
		for (int t = 1; t <= 1000; t++) {
			source.push(2, t);
		}
		Map<String, List<GpuSample>> history = monitor.history();
		assertEquals(2, history.size());
		for (List<GpuSample> samples : history.values()) {
			assertEquals(List.of(996L, 997L, 998L, 999L, 1000L), samples.stream().map(GpuSample::epochMillis).toList());
		}
		assertEquals(1000, bus.payloads(GpuTopics.SAMPLE, List.class).size());
		List<?> payload = bus.payloads(GpuTopics.SAMPLE, List.class).get(999);
		assertEquals(2, payload.size());
		assertThrows(UnsupportedOperationException.class, () -> payload.remove(0), "payloads are immutable");

		// many GPUs (e.g. UUIDs changing): the number of histories is bounded too
		for (int i = 0; i < DefaultGpuMonitor.MAX_GPUS + 100; i++) {
			source.listener.onSamples(List.of(FakeProvider.sample("localhost", 0, "GPU-many-" + i, i)));
		}
		assertEquals(DefaultGpuMonitor.MAX_GPUS, monitor.history().size());
		assertTrue(monitor.history().containsKey("localhost/GPU-many-" + (DefaultGpuMonitor.MAX_GPUS + 99)));
	}

	@Test
	void subscribersGetTheirHostsSamplesUntilTheyClose() {
		FakeProvider nvml = new FakeProvider(GpuHost.Kind.LOCAL_NVML);
		FakeProvider smi = new FakeProvider(GpuHost.Kind.LOCAL_SMI);
		monitor.addProvider(nvml);
		monitor.addProvider(smi);
		List<String> got = new ArrayList<>();
		GpuMonitor.Subscription broken = monitor.subscribe(GpuHost.localNvml().id(), samples -> {
			throw new IllegalStateException("subscriber broken");
		});
		GpuMonitor.Subscription first = monitor.subscribe(GpuHost.localNvml().id(), samples -> got.add("a:" + samples.size()));
		monitor.subscribe(GpuHost.localSmi().id(), samples -> got.add("smi:" + samples.size()));
		monitor.watch(GpuHost.localNvml());
		monitor.watch(GpuHost.localSmi());
		assertEquals(List.of(GpuHost.localNvml().id(), GpuHost.localSmi().id()),
				monitor.watched().stream().map(GpuHost::id).toList(), "watched in order");
		FakeProvider.Opened source = nvml.last();
		source.push(2, 1);
		GpuMonitor.Subscription second = monitor.subscribe(GpuHost.localNvml().id(), samples -> got.add("b:" + samples.size()));
		source.push(1, 2);
		first.close();
		first.close();
		source.push(3, 3);
		second.close();
		broken.close();
		source.push(2, 4);
		smi.last().push(4, 5);
		assertEquals(List.of("a:2", "a:1", "b:1", "b:3", "smi:4"), got, "each host's samples to its own subscribers");
		assertEquals(5, bus.payloads(GpuTopics.SAMPLE, List.class).size(), "a broken subscriber stops nothing");
	}

	@Test
	void aFailingProviderNeverEscapes() {
		FakeProvider failing = new FakeProvider(GpuHost.Kind.LOCAL_SMI, new IllegalStateException("provider broken"));
		monitor.addProvider(failing);
		assertDoesNotThrow(() -> monitor.watch(GpuHost.localSmi()));
		GpuSourceState state = monitor.sources().get(0);
		assertEquals(Status.FAILED, state.status());
		assertTrue(state.message().contains("provider broken"), state::message);
	}

	@Test
	void setIntervalRestartsRunningSourcesAndUnwatchStops() {
		FakeProvider provider = new FakeProvider(GpuHost.Kind.LOCAL_NVML);
		monitor.addProvider(provider);
		monitor.watch(GpuHost.localNvml());
		FakeProvider.Opened first = provider.last();
		monitor.setInterval(Duration.ofMillis(250));
		assertEquals(Duration.ofMillis(250), monitor.interval());
		assertEquals(2, provider.opened().size());
		assertTrue(first.closed);
		assertEquals(Duration.ofMillis(250), provider.last().interval);
		first.push(2, 1); // a late batch of the closed source is ignored
		assertEquals(0, monitor.history().size());
		assertThrows(IllegalArgumentException.class, () -> monitor.setInterval(Duration.ZERO));

		// watching the same id again replaces the watch
		monitor.watch(GpuHost.localNvml());
		assertEquals(3, provider.opened().size());
		assertEquals(1, monitor.sources().size());

		monitor.unwatch(GpuHost.localNvml().id());
		assertTrue(provider.last().closed);
		assertEquals(List.of(), monitor.sources());
		List<GpuSourceState> states = bus.payloads(GpuTopics.SOURCE, GpuSourceState.class);
		assertEquals(Status.STOPPED, states.get(states.size() - 1).status());
	}

	@Test
	void highestRankedProviderWinsAndCloseClosesEverything() {
		FakeProvider low = new FakeProvider(GpuHost.Kind.LOCAL_NVML);
		FakeProvider high = new FakeProvider(GpuHost.Kind.LOCAL_NVML);
		monitor.addProvider(low);
		monitor.watch(GpuHost.localNvml());
		assertEquals(1, low.opened().size());
		FakeProvider smi = new FakeProvider(GpuHost.Kind.LOCAL_SMI);
		monitor.addProvider(smi);
		monitor.watch(GpuHost.localSmi());
		// a provider registered with a higher service.ranking takes the host over
		monitor.addProvider(high, 10);
		assertTrue(low.last().closed);
		assertEquals(1, high.opened().size());
		assertSame(high.last().host, high.opened().get(0).host);
		monitor.close();
		assertTrue(high.last().closed);
		assertTrue(smi.last().closed);
		assertFalse(low.opened().size() > 1);
	}
}
