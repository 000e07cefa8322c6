package io.deepstress.cli.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchListener;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.LaunchStep;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.tokens.TokenLengths;

/**
 * {@code deepstress run}: the plans the command line describes ({@link RunOptions}) run as one launch of the
 * {@link LaunchService} (which resolves, records, sweeps, watches the GPU and stops on Ctrl+C); this class prints the
 * progress and the summaries and writes the output files.
 */
final class RunCommand {

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	RunCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	int execute(RunOptions a) throws Exception {
		List<RunPlan> given = a.plans(services);
		io.deepstress.core.slo.Slo slo = a.slo();
		a.checkOutputs();
		GpuHost gpuHost = a.gpuHost(services);
		List<GpuHost> gpu = gpuHost == null ? List.of() : List.of(gpuHost);
		io.deepstress.core.batch.Shard shard = a.agents.shard();
		String batch = a.agents.batch();
		a.agents.check(a.noSave());
		List<RunPlan> plans = new ArrayList<>();
		for (RunPlan plan : given) {
			plans.add(plan.atLevels(a.sweep()).withGpuHosts(gpu).recorded(!a.noSave()).withSlo(slo)
					.withServerMetrics(a.serverMetrics()).stoppedOnSaturation(a.stopOnSaturation())
					.asAgent(batch, shard));
		}
		return launch(a, plans, a.out(), a.samples());
	}

	/** Runs the plans as one launch of the launch service, prints and writes what it measured. */
	private int launch(RunOptions a, List<RunPlan> plans, Path outFile, Path samplesFile) throws Exception {
		LaunchService launcher = services.get(LaunchService.class);
		try (BufferedWriter samples = samplesFile == null ? null
				: Files.newBufferedWriter(samplesFile, StandardCharsets.UTF_8)) {
			Listener progress = new Listener(samples, a.quiet() ? null : err);
			double cpuBefore = ClientResources.cpuSeconds();
			LaunchHandle launch;
			try {
				launch = launcher.launch(new LaunchRequest(plans, progress));
			} catch (IllegalArgumentException e) {
				throw new UsageException(e.getMessage());
			}
			progress.stop = launch::cancel;
			launch.problems().forEach(p -> err.println("deepstress run: " + p));
			if (a.agents.batch() != null && !launch.recorded()) { // an agent's run that is not kept is not in its batch
				launch.cancel();
				launch.completion().get();
				err.println("deepstress run: --batch " + a.agents.batch() + ": the run cannot be recorded, so it would"
						+ " not be part of the batch: stopped");
				return 1;
			}
			LaunchResult result;
			Thread hook = cancelOnExit(launch);
			try {
				result = launch.completion().get();
			} finally {
				removeHook(hook);
			}
			if (progress.failure != null) {
				throw progress.failure;
			}
			if (result.failure() != null && result.summaries().isEmpty()) {
				throw new IllegalStateException(result.failure());
			}
			if (result.failure() != null) {
				err.println("deepstress run: stopped: " + result.failure());
			}
			for (String reason : result.unsaved()) {
				err.println("deepstress run: the run was not completely saved: " + reason);
			}
			List<RunSummary> summaries = result.summaries();
			double cpu = ClientResources.cpuSeconds() - cpuBefore;
			long rss = ClientResources.peakRssKib();
			boolean sloFailed = false;
			for (RunSummary s : summaries) {
				out.print(Reports.table(s, result.baseUrls().get(s.runId())));
				out.print(TokenReports.lines(progress.lengths(s.runId()), a.tokenizerId()));
				out.print(HttpTimingReports.lines(progress.http(s.runId())));
				io.deepstress.core.slo.SloResult judged = result.slo().get(s.runId());
				if (judged != null) {
					out.print(SloReports.text(judged));
					sloFailed |= !judged.passed();
				}
			}
			out.printf(java.util.Locale.ROOT, "  client      %.2f CPU s, peak RSS %d MiB%n", cpu, rss >> 10);
			for (RunSummary s : summaries) {
				String warning = ClientHealthReports.warning(s);
				if (warning != null) {
					err.println(warning);
				}
			}
			if (result.recorded() && result.unsaved().isEmpty() && plans.stream().allMatch(RunPlan::record)) {
				String location = services.get(RunStore.class).location();
				for (RunSummary s : summaries) {
					out.println("  saved       run " + s.runId() + " in " + location);
				}
			}
			for (String reason : result.unsaved()) {
				out.println("  saved       NOT completely: " + reason);
			}
			if (outFile != null) {
				Map<String, Object> client = new LinkedHashMap<>();
				client.put("cpu_s", cpu);
				client.put("peak_rss_kib", rss);
				client.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
				client.put("cores", Runtime.getRuntime().availableProcessors());
				Object json;
				if (summaries.size() == 1) {
					Map<String, Object> single = json(summaries.get(0), result, launch);
					TokenReports.put(single, progress.lengths(summaries.get(0).runId()), a.tokenizerId());
					HttpTimingReports.put(single, progress.http(summaries.get(0).runId()));
					single.put("client", client);
					json = single;
				} else {
					Map<String, Object> several = new LinkedHashMap<>();
					several.put(plans.size() > 1 ? "runs" : "sweep",
							summaries.stream().map(s -> {
								Map<String, Object> run = json(s, result, launch);
								TokenReports.put(run, progress.lengths(s.runId()), a.tokenizerId());
								HttpTimingReports.put(run, progress.http(s.runId()));
								return run;
							}).toList());
					if (result.batchId() != null) {
						several.put("batch_id", result.batchId());
					}
					several.put("client", client);
					json = several;
				}
				Files.writeString(outFile, CliJson.write(json) + "\n", StandardCharsets.UTF_8);
			}
			if (sloFailed) {
				err.println("deepstress run: the SLO failed (see the limits above)");
			}
			if (!result.unsaved().isEmpty() || sloFailed) {
				return 1; // the run ran, but its record is not complete (e.g. the disk was full) or its SLO failed
			}
		}
		return 0;
	}

	/**
	 * A run's {@code --out} object, with its {@code slo} object when it was judged by one, its per-second
	 * {@code timeline} and the {@code server_metrics} scraped with it (with {@code server_metrics_state}).
	 */
	private static Map<String, Object> json(RunSummary s, LaunchResult result, LaunchHandle launch) {
		Map<String, Object> m = Reports.json(s, result.baseUrls().get(s.runId()));
		io.deepstress.core.slo.SloResult judged = result.slo().get(s.runId());
		if (judged != null) {
			m.put("slo", SloReports.json(judged));
		}
		launch.timeline(s.runId()).ifPresent(t -> {
			m.put("timeline", io.deepstress.core.timeline.TimelineFormat.points(t.points()));
			m.put("server_metrics", io.deepstress.core.timeline.TimelineFormat.series(t.serverMetrics()));
			if (t.serverStatus() != null) {
				m.put("server_metrics_state", io.deepstress.core.timeline.TimelineFormat.status(t.serverStatus()));
			}
		});
		return m;
	}

	/**
	 * On Ctrl+C or SIGTERM: cancels the launch and, before the JVM goes, waits (bounded) for its end, which comes
	 * after the records store has written the cancelled run with everything it measured.
	 */
	private static Thread cancelOnExit(LaunchHandle launch) {
		Thread hook = new Thread(() -> {
			launch.cancel();
			try {
				launch.completion().get(10, TimeUnit.SECONDS);
			} catch (Exception e) {
				// exiting anyway: what was synced is kept and the run is marked interrupted at the next start
			}
		}, "deepstress-cancel-on-exit");
		Runtime.getRuntime().addShutdownHook(hook);
		return hook;
	}

	private static void removeHook(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		} catch (IllegalStateException shuttingDown) {
			// the JVM is already exiting
		}
	}

	/** Writes samples and prints progress at most once a second. */
	private static final class Listener implements LaunchListener {
		private final BufferedWriter samples;
		private final PrintStream progress;
		private long lastPrint;
		/** Lengths of the run in progress, and of each finished run by id. */
		private TokenLengths current = new TokenLengths();
		private final Map<String, TokenLengths> finished = new java.util.concurrent.ConcurrentHashMap<>();
		/** HTTP timing of the run in progress, and of each finished run by id. */
		private io.deepstress.core.run.HttpTimingStats currentHttp = new io.deepstress.core.run.HttpTimingStats();
		private final Map<String, io.deepstress.core.run.HttpTimingStats> finishedHttp = new java.util.concurrent.ConcurrentHashMap<>();
		volatile IOException failure;
		/** Stops the launch when the samples cannot be written. */
		volatile Runnable stop;

		Listener(BufferedWriter samples, PrintStream progress) {
			this.samples = samples;
			this.progress = progress;
		}

		/** The lengths measured by the run {@code runId} (empty when it measured none). */
		TokenLengths lengths(String runId) {
			return finished.getOrDefault(runId, new TokenLengths());
		}

		/** The HTTP timing of the run {@code runId} (empty when nothing was timed). */
		io.deepstress.core.run.HttpTimingStats http(String runId) {
			return finishedHttp.getOrDefault(runId, new io.deepstress.core.run.HttpTimingStats());
		}

		@Override
		public void onResults(List<RequestResult> batch) {
			synchronized (this) {
				current.addAll(batch);
				currentHttp.addAll(batch);
			}
			if (samples == null || failure != null) {
				return;
			}
			try {
				StringBuilder lines = new StringBuilder(batch.size() * 256);
				for (RequestResult r : batch) {
					lines.append(CliJson.write(Reports.sample(r)));
					lines.append('\n');
				}
				samples.write(lines.toString());
			} catch (IOException e) {
				failure = e;
				Runnable s = stop;
				if (s != null) {
					s.run();
				}
			}
		}

		@Override
		public void onStep(LaunchStep step) {
			if (progress != null && step.count() > 1) {
				progress.println("deepstress run: " + step.runName() + " (" + step.text() + ")");
			}
		}

		@Override
		public void onSaturation(io.deepstress.core.metrics.Saturation saturation) {
			if (progress != null) {
				progress.println("deepstress run: " + saturation.describe());
			}
		}

		@Override
		public void onSnapshot(LiveSnapshot snapshot) {
			long now = System.nanoTime();
			if (progress != null && now - lastPrint >= TimeUnit.SECONDS.toNanos(1)) {
				lastPrint = now;
				progress.println(Reports.progressLine(snapshot));
			}
		}

		@Override
		public void onFinished(RunSummary summary) {
			synchronized (this) {
				finished.put(summary.runId(), current);
				current = new TokenLengths();
				finishedHttp.put(summary.runId(), currentHttp);
				currentHttp = new io.deepstress.core.run.HttpTimingStats();
			}
			if (samples != null) {
				try {
					samples.flush();
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}
		}
	}
}
