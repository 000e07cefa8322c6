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

import io.deepstress.core.json.Json;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.LoadEngine;
import io.deepstress.core.services.RunHandle;
import io.deepstress.core.services.RunListener;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.services.SweepHandle;

/** {@code deepstress run}: one run (or a sweep) from the command line. */
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
		List<Library.Resolved> jobs = a.jobs(services);
		a.checkOutputs();
		List<Double> sweep = a.sweep();
		Path outFile = a.out();
		Path samplesFile = a.samples();

		io.deepstress.core.gpu.GpuHost gpuHost = a.gpuHost(services);
		LoadEngine engine = services.get(LoadEngine.class);
		io.deepstress.core.gpu.GpuMonitor monitor = null;
		io.deepstress.core.gpu.GpuHost watched = gpuHost;
		if (gpuHost != null) {
			monitor = services.find(io.deepstress.core.gpu.GpuMonitor.class, 5_000).orElse(null);
			if (monitor == null) {
				err.println("deepstress run: the GPU monitor is not installed; no GPU telemetry");
			} else {
				monitor.watch(gpuHost);
			}
		}
		try {
			return runWith(a, jobs, engine, sweep, outFile, samplesFile);
		} finally {
			if (monitor != null) {
				monitor.unwatch(watched.id());
			}
		}
	}

	private int runWith(RunOptions a, List<Library.Resolved> jobs, LoadEngine engine, List<Double> sweep, Path outFile,
			Path samplesFile) throws Exception {
		// several configurations, or the levels of a sweep (given here or saved with a configuration), are one batch
		boolean sweeps = !sweep.isEmpty() || jobs.stream().anyMatch(j -> !j.sweep().isEmpty());
		String batchId = jobs.size() > 1 || sweeps ? java.util.UUID.randomUUID().toString() : null;
		io.deepstress.core.run.RunOrigin[] origin = { null };
		RunConfig[] jobConfig = { null };
		Map<String, String> urls = new java.util.concurrent.ConcurrentHashMap<>();
		try (BufferedWriter samples = samplesFile == null ? null
				: Files.newBufferedWriter(samplesFile, StandardCharsets.UTF_8)) {
			Listener progress = new Listener(samples, a.quiet() ? null : err);
			RunStore found = a.noSave() ? null : services.find(RunStore.class, 5_000).orElse(null);
			if (!a.noSave() && found == null) {
				err.println("deepstress run: the records store is not available; this run will not be saved");
			}
			if (found != null && found.problem().isPresent()) {
				err.println("deepstress run: " + found.problem().get() + " This run will not be saved.");
			}
			RunStore store = found != null && found.problem().isEmpty() ? found : null;
			java.util.List<RunStore.Recorder> recorders = new java.util.concurrent.CopyOnWriteArrayList<>();
			// runs of a sweep come one after another: each gets its own recorder when its first snapshot arrives
			RunListener listener = store == null ? progress : new RunListener() {
				private String currentRun;
				private RunStore.Recorder current;

				private synchronized RunStore.Recorder recorder(String runId) {
					if (!runId.equals(currentRun)) {
						RunConfig forRun = engine.active().stream().filter(h -> h.runId().equals(runId)).findFirst()
								.map(RunHandle::config).orElse(jobConfig[0]);
						currentRun = runId;
						current = store.recorder(forRun, origin[0]);
						recorders.add(current);
					}
					return current;
				}

				@Override
				public void onSnapshot(LiveSnapshot s) {
					recorder(s.runId()).onSnapshot(s);
					progress.onSnapshot(s);
				}

				@Override
				public void onResults(List<RequestResult> batch) {
					progress.onResults(batch);
					RunStore.Recorder r;
					synchronized (this) {
						r = current;
					}
					if (r != null) {
						r.onResults(batch);
					}
				}

				@Override
				public void onFinished(RunSummary summary) {
					recorder(summary.runId()).onFinished(summary);
					progress.onFinished(summary);
				}
			};
			double cpuBefore = ClientResources.cpuSeconds();
			List<RunSummary> summaries = new ArrayList<>();
			for (Library.Resolved job : jobs) {
				origin[0] = batchId == null ? job.origin() : job.origin().withBatch(batchId);
				jobConfig[0] = job.config();
				if (jobs.size() > 1 && !a.quiet()) {
					err.println("deepstress run: configuration " + job.config().name() + " (" + (summaries.size() + 1) + " of "
							+ jobs.size() + ")");
				}
				List<Double> levels = sweep.isEmpty() ? job.sweep() : sweep;
				List<RunSummary> done;
				try {
					done = levels.isEmpty() ? List.of(runOnce(engine, job.config(), listener, recorders))
							: runSweep(engine, job.config(), levels, listener, recorders);
				} catch (IllegalArgumentException e) {
					throw new UsageException(e.getMessage());
				}
				done.forEach(s -> urls.put(s.runId(), job.config().target().baseUrl()));
				summaries.addAll(done);
				if (progress.failure != null
						|| done.stream().anyMatch(d -> d.status() == io.deepstress.core.run.RunStatus.CANCELLED)) {
					break;
				}
			}
			if (progress.failure != null) {
				throw progress.failure;
			}
			boolean saved = true;
			for (RunStore.Recorder r : recorders) {
				if (!r.awaitWritten(30_000)) {
					saved = false;
					err.println("deepstress run: the run was not completely saved: "
							+ (r.lastError() != null ? r.lastError() : "no confirmation from the records store within 30 s"));
				}
			}
			double cpu = ClientResources.cpuSeconds() - cpuBefore;
			long rss = ClientResources.peakRssKib();
			for (RunSummary s : summaries) {
				out.print(Reports.table(s, urls.get(s.runId())));
			}
			out.printf(java.util.Locale.ROOT, "  client      %.2f CPU s, peak RSS %d MiB%n", cpu, rss >> 10);
			if (store != null && saved) {
				for (RunSummary s : summaries) {
					out.println("  saved       run " + s.runId() + " in " + store.location());
				}
			}
			if (outFile != null) {
				Map<String, Object> client = new LinkedHashMap<>();
				client.put("cpu_s", cpu);
				client.put("peak_rss_kib", rss);
				client.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
				client.put("cores", Runtime.getRuntime().availableProcessors());
				Object json;
				if (summaries.size() == 1) {
					Map<String, Object> single = Reports.json(summaries.get(0), urls.get(summaries.get(0).runId()));
					single.put("client", client);
					json = single;
				} else {
					Map<String, Object> several = new LinkedHashMap<>();
					several.put(jobs.size() > 1 ? "runs" : "sweep",
							summaries.stream().map(s -> Reports.json(s, urls.get(s.runId()))).toList());
					if (batchId != null) {
						several.put("batch_id", batchId);
					}
					several.put("client", client);
					json = several;
				}
				Files.writeString(outFile, Json.write(json) + "\n", StandardCharsets.UTF_8);
			}
		}
		return 0;
	}

	private RunSummary runOnce(LoadEngine engine, RunConfig config, RunListener listener,
			List<RunStore.Recorder> recorders) throws Exception {
		RunHandle run = engine.start(config, listener);
		Thread hook = cancelOnExit(run::cancel, run.completion(), recorders);
		try {
			return run.completion().get();
		} finally {
			removeHook(hook);
		}
	}

	private List<RunSummary> runSweep(LoadEngine engine, RunConfig config, List<Double> levels, RunListener listener,
			List<RunStore.Recorder> recorders) throws Exception {
		SweepHandle sweep = engine.sweep(config, levels, listener);
		Thread hook = cancelOnExit(sweep::cancel, sweep.completion(), recorders);
		try {
			return sweep.completion().get();
		} finally {
			removeHook(hook);
		}
	}

	/**
	 * On Ctrl+C or SIGTERM: cancels the run and, before the JVM goes, waits (bounded) for its summary and
	 * for the records store to write it, so the run is kept as cancelled with everything it measured.
	 */
	private static Thread cancelOnExit(Runnable cancel, java.util.concurrent.Future<?> completion,
			List<RunStore.Recorder> recorders) {
		Thread hook = new Thread(() -> {
			cancel.run();
			try {
				completion.get(5, TimeUnit.SECONDS);
				for (RunStore.Recorder r : recorders) {
					r.awaitWritten(5_000);
				}
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
	private static final class Listener implements RunListener {
		private final BufferedWriter samples;
		private final PrintStream progress;
		private long lastPrint;
		volatile IOException failure;

		Listener(BufferedWriter samples, PrintStream progress) {
			this.samples = samples;
			this.progress = progress;
		}

		@Override
		public void onResults(List<RequestResult> batch) {
			if (samples == null || failure != null) {
				return;
			}
			try {
				StringBuilder lines = new StringBuilder(batch.size() * 256);
				for (RequestResult r : batch) {
					Json.write(Reports.sample(r), lines);
					lines.append('\n');
				}
				samples.write(lines.toString());
			} catch (IOException e) {
				failure = e;
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
