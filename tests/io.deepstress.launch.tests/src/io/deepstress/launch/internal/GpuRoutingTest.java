package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuMonitor;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.services.RunStore;

/**
 * Two launches at once, each recording its own GPU host: every run keeps the samples of its plan's host and of no
 * other, the hosts a launch started watching are unwatched at its end, a host watched before is left watched.
 * The GPUs come from a stand-in provider (there is no GPU here) ticking every 50 ms through the real monitor.
 */
class GpuRoutingTest {

	private final LaunchFixture fixture = new LaunchFixture();
	private final LaunchService launches = fixture.service(LaunchService.class);
	private final RunStore store = fixture.service(RunStore.class);
	private final GpuMonitor monitor = fixture.service(GpuMonitor.class);
	private final ScheduledExecutorService ticks = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void close() {
		fixture.close();
		ticks.shutdownNow();
	}

	/** GPU hosts of kind SSH read without SSH: one GPU each, named after the host, every 50 ms. */
	private final class Ticking implements GpuProvider {
		@Override
		public GpuHost.Kind kind() {
			return GpuHost.Kind.SSH;
		}

		@Override
		public GpuSource open(GpuHost host, Duration interval, GpuSourceListener listener) {
			ScheduledFuture<?> tick = ticks.scheduleAtFixedRate(() -> listener.onSamples(List.of(new GpuSample(
					System.currentTimeMillis(), host.sampleHost(), 0, "GPU-" + host.id(), "stand-in", 50.0, 1L, 2L, 40.0,
					100.0, 300.0, 1500L, null))), 0, 50, TimeUnit.MILLISECONDS);
			return new GpuSource() {
				@Override
				public GpuHost host() {
					return host;
				}

				@Override
				public GpuSourceState state() {
					return new GpuSourceState(host.id(), host.name(), GpuSourceState.Status.OK, null,
							System.currentTimeMillis(), 0, 0);
				}

				@Override
				public void close() {
					tick.cancel(false);
				}
			};
		}
	}

	private static GpuHost host(String name) {
		return new GpuHost("routing-" + name, name, GpuHost.Kind.SSH, "127.0.0.1", 22, "nobody", GpuHost.Auth.PASSWORD,
				null, null);
	}

	@Test
	void eachRunKeepsTheSamplesOfItsOwnPlansHostsOnly() throws Exception {
		fixture.register(GpuProvider.class, new Ticking(), 1_000);
		GpuHost a = host("gpu-a");
		GpuHost b = host("gpu-b");
		GpuHost watchedBefore = host("gpu-user");
		monitor.watch(watchedBefore);
		fixture.saved("gpu a", 40, List.of());
		fixture.saved("gpu b", 40, List.of());
		LaunchHandle first = launches.launch(LaunchRequest.of(RunPlan.saved("gpu a").withGpuHosts(List.of(a, watchedBefore))));
		LaunchHandle second = launches.launch(LaunchRequest.of(RunPlan.saved("gpu b").withGpuHosts(List.of(b))));
		LaunchResult ra = first.completion().get(60, TimeUnit.SECONDS);
		LaunchResult rb = second.completion().get(60, TimeUnit.SECONDS);
		Set<String> hostsOfA = hosts(ra);
		Set<String> hostsOfB = hosts(rb);
		assertEquals(Set.of("gpu-a", "gpu-user"), hostsOfA, "run A: its plan's two hosts");
		assertEquals(Set.of("gpu-b"), hostsOfB, "run B: its plan's host only, although A ran beside it");
		Set<String> watched = monitor.watched().stream().map(GpuHost::id).collect(Collectors.toSet());
		assertTrue(watched.contains(watchedBefore.id()), "a host watched before stays watched");
		assertFalse(watched.contains(a.id()) || watched.contains(b.id()), "hosts watched for a launch are let go: " + watched);
		monitor.unwatch(watchedBefore.id());
	}

	private Set<String> hosts(LaunchResult result) throws InterruptedException {
		String runId = result.summaries().get(0).runId();
		LaunchFixture.waitUntil("GPU samples of " + runId, Duration.ofSeconds(20), () -> !store.gpuSamples(runId).isEmpty());
		return store.gpuSamples(runId).stream().map(GpuSample::host).collect(Collectors.toSet());
	}
}
