package io.deepstress.cli.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.BuiltinSimulator;
import io.deepstress.core.services.LoadEngine;
import io.deepstress.core.services.RunHandle;
import io.deepstress.core.services.RunListener;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.services.SweepHandle;

/** {@code deepstress run}: one run (or a sweep) from the command line. */
final class RunCommand {

	static final String USAGE = """
			usage: deepstress run --url URL --model NAME [options]
			       deepstress run --endpoint NAME [options]
			       deepstress run --config NAME [--config NAME]... [--sweep ...] [--out ...] [--samples ...] [--gpu ...]
			  --endpoint NAME         a saved endpoint (deepstress endpoints list): its URL, model, headers, key
			  --config NAME           a saved test configuration (deepstress configs list); several run one
			                          after another as one batch, a saved sweep once per level
			  --url URL               base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1;
			                          'builtin' starts the built-in simulator
			  --model NAME            model name sent in requests (default for builtin: deepstress-sim)
			  --api chat|completions  API to call (default chat)
			  --no-stream             ask for complete responses instead of server-sent events
			  --concurrency N         closed loop: N requests in flight (default 1); with --rate: the cap (default 256)
			  --rate R                open loop: R requests per second
			  --poisson               open loop with Poisson arrivals instead of even spacing
			  --requests N            stop after N measured requests (prompts are reused in turn)
			  --duration S            stop issuing after S seconds
			                          (without --requests/--duration: one pass over the prompts)
			  --warmup N              send N warm-up requests first, left out of the statistics
			  --max-tokens N          max_tokens of each request
			  --temperature T         temperature of each request
			  --extra-body JSON       JSON object merged into every request body
			  --header 'NAME: VALUE'  extra request header (repeatable)
			  --prompts FILE[:WEIGHT] UTF-8 text, one prompt per line, or JSON Lines with "prompt" (repeatable;
			                          weights split the concurrency between files; default: built-in prompts)
			  --api-key-env VAR       read the API key from environment variable VAR
			  --retries N             retry 429/5xx/connection errors up to N times (default 0)
			  --connect-timeout S     (default 10)   --first-token-timeout S (default 60)   --timeout S (default 600)
			  --sweep L1,L2,...       run once per concurrency (closed loop) or rate (open loop) level
			                          (with --config: instead of the configurations' own sweeps)
			  --out FILE.json         write the summary as JSON
			  --samples FILE.jsonl    write one JSON line per request attempt
			  --quiet                 no progress lines on stderr
			  --no-save               do not keep the run in the records store
			  --gpu nvml|smi[:PATH]|HOST  record GPU telemetry with the run (every second): this computer,
			                          or a host added with 'deepstress hosts add'
			                          (an SSH host's key must be known: see deepstress gpu watch --trust)
			""";

	private static final Set<String> VALUED = Set.of("url", "model", "api", "concurrency", "rate", "requests",
			"duration", "warmup", "max-tokens", "temperature", "extra-body", "header", "prompts", "api-key-env",
			"retries", "connect-timeout", "first-token-timeout", "timeout", "sweep", "out", "samples", "name", "gpu",
			"config", "endpoint");
	/** What a saved configuration sets: not to be given beside --config. */
	private static final List<String> CONFIGURED = List.of("url", "model", "api", "concurrency", "rate", "requests",
			"duration", "warmup", "max-tokens", "temperature", "extra-body", "header", "prompts", "api-key-env",
			"retries", "connect-timeout", "first-token-timeout", "timeout", "name", "endpoint", "no-stream", "poisson");
	private static final Set<String> FLAGS = Set.of("no-stream", "poisson", "quiet", "no-save");

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	RunCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	int execute(List<String> words) throws Exception {
		Args a = Args.parse(words, VALUED, FLAGS);
		if (!a.positional().isEmpty()) {
			throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
		}
		List<Library.Resolved> jobs = jobs(a);
		List<Double> sweep = sweepLevels(a.get("sweep"));
		Path outFile = a.has("out") ? Path.of(a.get("out")) : null;
		Path samplesFile = a.has("samples") ? Path.of(a.get("samples")) : null;
		checkWritable(outFile);
		checkWritable(samplesFile);

		io.deepstress.core.gpu.GpuHost gpuHost = gpuHost(a.get("gpu"));
		if (gpuHost == null && a.has("gpu")) {
			gpuHost = services.find(io.deepstress.core.gpu.GpuHostRegistry.class, 10_000).flatMap(r -> r.byName(a.get("gpu")))
					.orElseThrow(() -> new UsageException("--gpu: no GPU host named '" + a.get("gpu") + "' (nvml, smi, smi:PATH"
							+ " or a name from deepstress hosts list)"));
		}
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

	/** The runs the command line asks for: saved configurations, a saved endpoint, or a URL. */
	private List<Library.Resolved> jobs(Args a) throws Exception {
		if (a.has("config")) {
			for (String option : CONFIGURED) {
				if (a.has(option)) {
					throw new UsageException("--" + option + " cannot be combined with --config: the saved configuration"
							+ " sets it (change it with deepstress configs add)");
				}
			}
			List<Library.Resolved> jobs = new ArrayList<>();
			for (String name : a.all("config")) {
				jobs.add(Library.resolve(services, name));
			}
			return jobs;
		}
		if (a.has("endpoint")) {
			for (String option : List.of("url", "model", "api", "header", "api-key-env")) {
				if (a.has(option)) {
					throw new UsageException("--" + option + " cannot be combined with --endpoint: the saved endpoint sets it");
				}
			}
			var registry = services.get(io.deepstress.core.services.EndpointRegistry.class);
			io.deepstress.core.model.Endpoint e = Library.endpoint(registry, a.get("endpoint")).orElseThrow(
					() -> new UsageException("no endpoint named '" + a.get("endpoint") + "' (see deepstress endpoints list)"));
			RunConfig c = config(a, Library.baseUrl(services, e), e.model());
			boolean ownTimeouts = a.has("connect-timeout") || a.has("first-token-timeout") || a.has("timeout");
			c = new RunConfig(a.has("name") ? c.name() : e.name(),
					new ApiTarget(c.target().baseUrl(), e.apiKind(), e.model(), e.headers(), Library.apiKey(services, e)),
					c.request(), c.datasets(), c.load(), c.limits(),
					ownTimeouts ? c.timeouts() : e.timeouts(), c.retry());
			return List.of(new Library.Resolved(c, new io.deepstress.core.run.RunOrigin(e.name(), null, null)));
		}
		String url = a.get("url");
		if (url == null) {
			throw new UsageException("--url, --endpoint or --config is required (--url builtin for the built-in simulator)");
		}
		boolean builtin = url.equalsIgnoreCase("builtin");
		String model = a.get("model", builtin ? "deepstress-sim" : null);
		if (model == null) {
			throw new UsageException("--model is required");
		}
		RunConfig config = config(a, builtin ? "http://127.0.0.1:1/v1" : url, model);
		if (builtin) {
			String base = services.get(BuiltinSimulator.class).baseUrl();
			config = new RunConfig(config.name(), new ApiTarget(base, config.target().apiKind(), model,
					config.target().headers(), config.target().apiKey()), config.request(), config.datasets(),
					config.load(), config.limits(), config.timeouts(), config.retry());
		}
		return List.of(new Library.Resolved(config, builtin
				? new io.deepstress.core.run.RunOrigin(io.deepstress.core.model.Endpoint.BUILTIN_SIMULATOR_NAME, null, null)
				: io.deepstress.core.run.RunOrigin.NONE));
	}

	private static io.deepstress.core.gpu.GpuHost gpuHost(String spec) throws UsageException {
		if (spec == null) {
			return null;
		}
		if (spec.equals("nvml")) {
			return io.deepstress.core.gpu.GpuHost.localNvml();
		}
		if (spec.equals("smi") || spec.startsWith("smi:")) {
			String command = spec.length() > 4 ? spec.substring(4) : null;
			return new io.deepstress.core.gpu.GpuHost("local-smi", "This computer (nvidia-smi)",
					io.deepstress.core.gpu.GpuHost.Kind.LOCAL_SMI, null, 0, null, null, null, command);
		}
		return null; // a stored host's name
	}

	private int runWith(Args a, List<Library.Resolved> jobs, LoadEngine engine, List<Double> sweep, Path outFile,
			Path samplesFile) throws Exception {
		// several configurations, or the levels of a sweep (given here or saved with a configuration), are one batch
		boolean sweeps = !sweep.isEmpty() || jobs.stream().anyMatch(j -> !j.sweep().isEmpty());
		String batchId = jobs.size() > 1 || sweeps ? java.util.UUID.randomUUID().toString() : null;
		io.deepstress.core.run.RunOrigin[] origin = { null };
		RunConfig[] jobConfig = { null };
		Map<String, String> urls = new java.util.concurrent.ConcurrentHashMap<>();
		try (BufferedWriter samples = samplesFile == null ? null
				: Files.newBufferedWriter(samplesFile, StandardCharsets.UTF_8)) {
			Listener progress = new Listener(samples, a.has("quiet") ? null : err);
			RunStore found = a.has("no-save") ? null : services.find(RunStore.class, 5_000).orElse(null);
			if (!a.has("no-save") && found == null) {
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
				if (jobs.size() > 1 && !a.has("quiet")) {
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
				Files.writeString(outFile, CliJson.write(json) + "\n", StandardCharsets.UTF_8);
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

	static RunConfig config(Args a, String url, String model) throws UsageException {
		ApiKind api = switch (a.get("api", "chat")) {
			case "chat" -> ApiKind.CHAT;
			case "completions" -> ApiKind.COMPLETIONS;
			default -> throw new UsageException("--api must be chat or completions, got '" + a.get("api") + "'");
		};
		if (!url.matches("(?i)https?://[^/\\s]+.*")) {
			throw new UsageException("--url must start with http:// or https:// and name a host, got '" + url + "'");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String h : a.all("header")) {
			int colon = h.indexOf(':');
			if (colon <= 0) {
				throw new UsageException("--header must look like 'Name: value', got '" + h + "'");
			}
			headers.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
		}
		String apiKey = null;
		if (a.has("api-key-env")) {
			apiKey = System.getenv(a.get("api-key-env"));
			if (apiKey == null || apiKey.isEmpty()) {
				throw new UsageException("environment variable " + a.get("api-key-env") + " is not set or empty");
			}
		}
		Integer maxTokens = a.has("max-tokens") ? (int) a.positiveLong("max-tokens", 0) : null;
		Double temperature = null;
		if (a.has("temperature")) {
			try {
				temperature = Double.parseDouble(a.get("temperature"));
			} catch (NumberFormatException e) {
				throw new UsageException("--temperature must be a number, got '" + a.get("temperature") + "'");
			}
		}
		String extra = a.get("extra-body");
		if (extra != null) {
			try {
				if (!CliJson.read(extra).isObject()) {
					throw new IllegalArgumentException("expected a JSON object");
				}
			} catch (IllegalArgumentException e) {
				throw new UsageException("--extra-body must be a JSON object: " + e.getMessage());
			}
		}
		boolean stream = !a.has("no-stream");
		RequestOptions request = new RequestOptions(stream, maxTokens, temperature, extra, stream);

		List<DatasetShare> datasets = new ArrayList<>();
		for (String spec : a.all("prompts")) {
			double weight = 1;
			String file = spec;
			int colon = spec.lastIndexOf(':');
			if (colon > 0 && spec.substring(colon + 1).matches("[0-9]+(\\.[0-9]+)?")) {
				weight = Double.parseDouble(spec.substring(colon + 1));
				file = spec.substring(0, colon);
				if (!(weight > 0)) {
					throw new UsageException("the weight of " + file + " must be > 0");
				}
			}
			Dataset d = PromptFiles.read(Path.of(file));
			datasets.add(new DatasetShare(d, weight));
		}
		if (datasets.isEmpty()) {
			datasets.add(new DatasetShare(PromptFiles.builtin(), 1));
		}

		Load load;
		if (a.has("rate")) {
			load = new Load.OpenLoop(a.positiveDouble("rate", 1), a.has("poisson"), (int) a.positiveLong("concurrency", 256));
		} else {
			if (a.has("poisson")) {
				throw new UsageException("--poisson needs --rate");
			}
			load = new Load.ClosedLoop((int) a.positiveLong("concurrency", 1));
		}
		long requests = a.nonNegativeLong("requests", 0);
		Duration duration = a.has("duration") ? Duration.ofMillis((long) (a.positiveDouble("duration", 1) * 1000)) : null;
		Limits limits = new Limits(requests, duration, requests == 0 && duration == null,
				(int) a.nonNegativeLong("warmup", 0));
		Timeouts timeouts = new Timeouts(seconds(a, "connect-timeout", 10), seconds(a, "first-token-timeout", 60),
				seconds(a, "timeout", 600));
		RetryPolicy retry = RetryPolicy.retries((int) a.nonNegativeLong("retries", 0));
		try {
			return new RunConfig(a.get("name", "cli"), new ApiTarget(url, api, model, headers, apiKey), request, datasets,
					load, limits, timeouts, retry);
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	private static Duration seconds(Args a, String name, double fallback) throws UsageException {
		return Duration.ofMillis((long) (a.positiveDouble(name, fallback) * 1000));
	}

	/** The levels of {@code --sweep} ("1,8,32"), empty without it. */
	static List<Double> sweepLevels(String spec) throws UsageException {
		if (spec == null) {
			return List.of();
		}
		List<Double> levels = new ArrayList<>();
		for (String part : spec.split(",")) {
			try {
				double level = Double.parseDouble(part.strip());
				if (!(level > 0)) {
					throw new NumberFormatException();
				}
				levels.add(level);
			} catch (NumberFormatException e) {
				throw new UsageException("--sweep takes positive numbers separated by commas, got '" + spec + "'");
			}
		}
		return levels;
	}

	private static void checkWritable(Path file) throws UsageException {
		if (file == null) {
			return;
		}
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null && !Files.isDirectory(parent)) {
			throw new UsageException("cannot write " + file + ": the folder " + parent + " does not exist");
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
					lines.append(CliJson.write(Reports.sample(r)));
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
