package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.Test;

import io.deepstress.core.run.ClientHealthReport;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** The fidelity watchdog's measurements: probe lateness on a starved executor, /proc/stat, a real run's report. */
class ClientHealthTest {

	@Test
	void aBlockedExecutorShowsAsProbeLagAndPassesTheLimit() throws Exception {
		ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("health-test", true);
		scheduler.start();
		ExecutorService one = Executors.newSingleThreadExecutor();
		try {
			ClientHealth health = new ClientHealth(scheduler, one, 10_000_000L, Path.of("/proc/stat"), HealthLimits.DEFAULT);
			List<ClientHealthReport> windows = new CopyOnWriteArrayList<>();
			health.onWindow(windows::add);
			health.start();
			Thread.sleep(100);
			one.execute(() -> {
				try {
					Thread.sleep(300); // the "I/O thread" is busy: probes wait behind it
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			});
			Thread.sleep(1200);
			ClientHealthReport r = health.stop();
			assertTrue(r.probes() >= 20, "probes ran: " + r);
			assertTrue(r.probeLagMaxMs() >= 200, "the blocked 300 ms show: " + r);
			assertTrue(r.reasons().stream().anyMatch(l -> l.startsWith("I/O-thread probe lag p99")), r.reasons().toString());
			assertTrue(r.clientLimited());
			assertFalse(windows.isEmpty(), "a window was judged while it ran");
			assertTrue(windows.stream().anyMatch(ClientHealthReport::clientLimited), "the window of the block: " + windows);
			assertTrue(windows.get(0).seconds() < 2, "a window is about a second: " + windows.get(0));
		} finally {
			one.shutdownNow();
			scheduler.stop();
		}
	}

	@Test
	void procStatCountersAreReadAndTurnedIntoShares() throws Exception {
		assertArrayEquals(new long[] { 10, 1, 5, 80, 2, 0, 1, 1 },
				ClientHealth.parseCpuLine("cpu  10 1 5 80 2 0 1 1 0 0"));
		Path stat = Files.createTempFile("stat", "");
		try {
			ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("health-test", true);
			scheduler.start();
			Files.writeString(stat, "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 2 3 4\n");
			ClientHealth health = new ClientHealth(scheduler, Runnable::run, 10_000_000L, stat, HealthLimits.DEFAULT);
			health.start();
			// 100 jiffies more: 60 busy of which 30 steal, 40 idle
			Files.writeString(stat, "cpu  130 0 100 840 0 0 0 30 0 0\n");
			Thread.sleep(1100); // shares of a stretch under a second are not judged
			ClientHealthReport r = health.stop();
			scheduler.stop();
			assertEquals(60, r.machineBusyPercent(), 1e-9);
			assertEquals(30, r.stealPercent(), 1e-9);
			assertTrue(r.reasons().contains("CPU steal 30 % > 10 %"), r.reasons().toString());
			assertFalse(r.reasons().stream().anyMatch(l -> l.startsWith("machine CPU")), r.reasons().toString());
		} finally {
			Files.deleteIfExists(stat);
		}
	}

	@Test
	void aRunCarriesTheWatchdogsReport() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(5))
				.withItl(Duration.ofMillis(2)).withDefaultOutputTokens(20))) {
			EngineFixture fixture = new EngineFixture();
			Run run = (Run) fixture.start(TestRuns.simple(sim.baseUrl(), 20, 2));
			run.completion().get(30, TimeUnit.SECONDS);
			ClientHealthReport r = run.healthReport;
			assertNotNull(r, "measured while the run lasted");
			assertTrue(r.seconds() > 0 && r.processCpuSeconds() > 0, r.toString());
			assertTrue(r.probes() >= 1, r.toString());
			assertEquals(0, r.sends(), "a closed loop has no schedule");
			assertTrue(Double.isNaN(r.sendLatenessP99Ms()), r.toString());
			assertEquals(r, run.completion().get().clientHealth(), "the summary carries the report");
		}
	}
}
