package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.Test;

import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchListener;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.Timeouts;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * Issue 13 item 5 (not a test: Tycho's includes leave *Benchmark out; run with
 * {@code -Dtest=UiResponsivenessBenchmark}, see BENCHMARKS.md): the workbench's event loop while the Test
 * perspective follows a run of {@code -Dui.bench.streams} (default 2,048) streams against the simulator in this
 * JVM for {@code -Dui.bench.seconds} (default 20): a background thread hands an {@code asyncExec} to the display
 * every 10 ms and measures how long until it ran. Prints p50/p99/max (claim: p99 < 50 ms) and writes
 * target/ui-responsiveness.txt.
 */
class UiResponsivenessBenchmark extends WorkbenchFixture {

	@Test
	void printsTheAsyncExecRoundTripUnderLoad() throws Exception {
		int streams = Integer.getInteger("ui.bench.streams", 2048);
		int seconds = Integer.getInteger("ui.bench.seconds", 20);
		switchTo(PERSPECTIVES.get(1));
		Display display = ui.display();
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(100))
				.withItl(Duration.ofMillis(20)).withDefaultOutputTokens(200))) {
			List<Prompt> prompts = List.of(new Prompt("1", "Say something."), new Prompt("2", "Count to ten."));
			RunConfig config = new RunConfig("ui-bench", new ApiTarget(sim.baseUrl(), ApiKind.CHAT, "deepstress-sim",
					null, null), RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("d", prompts), 1)),
					new Load.ClosedLoop(streams), Limits.duration(Duration.ofSeconds(seconds)),
					new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(120)),
					RetryPolicy.none());
			LaunchHandle launch = service(LaunchService.class).launch(new LaunchRequest(List.of(
					new RunPlan(new RunPlan.Given(config), List.of(), List.of(), false).withServerMetrics("off")),
					LaunchListener.NONE));
			long[] lags = new long[seconds * 200 + 1000];
			int[] count = { 0 };
			AtomicBoolean over = new AtomicBoolean();
			Thread prober = new Thread(() -> {
				while (!over.get() && count[0] < lags.length) {
					long sent = System.nanoTime();
					display.asyncExec(() -> {
						synchronized (lags) {
							if (count[0] < lags.length) {
								lags[count[0]++] = System.nanoTime() - sent;
							}
						}
					});
					try {
						TimeUnit.MILLISECONDS.sleep(10);
					} catch (InterruptedException e) {
						return;
					}
				}
			}, "ui-bench-prober");
			prober.setDaemon(true);
			prober.start();
			ui.waitUntil("the run ended", () -> launch.completion().isDone(), Duration.ofSeconds(seconds + 180L));
			over.set(true);
			prober.join(1000);
			ui.waitUntil("the last probes ran", () -> true);
			long[] sorted;
			synchronized (lags) {
				sorted = Arrays.copyOf(lags, count[0]);
			}
			Arrays.sort(sorted);
			assertTrue(sorted.length > 10, "probes ran");
			var summary = launch.completion().get().summaries().get(0);
			String text = String.format(Locale.ROOT, "UI responsiveness, %d processors, %d streams for %d s (%d requests,"
					+ " %.0f output tok/s): asyncExec round trip over %d probes: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
					Runtime.getRuntime().availableProcessors(), streams, seconds, summary.total(),
					summary.outputTokensPerSecond(), sorted.length, at(sorted, 0.5), at(sorted, 0.99),
					sorted[sorted.length - 1] / 1e6);
			System.out.print(text);
			Files.writeString(Path.of(System.getProperty("deepstress.test.dir", "target/ui-tests"))
					.resolveSibling("ui-responsiveness.txt"), text);
		}
	}

	private static double at(long[] sorted, double q) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
	}
}
