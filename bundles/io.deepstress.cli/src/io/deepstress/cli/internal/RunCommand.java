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

import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchListener;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.LaunchStep;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.launch.SweepLevels;
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
import io.deepstress.core.services.RunStore;

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
		List<io.deepstress.core.gpu.GpuHost> gpu = gpuHost == null ? List.of() : List.of(gpuHost);
		List<RunPlan> plans = new ArrayList<>();
		for (RunPlan plan : plans(a)) {
			plans.add(plan.atLevels(sweep).withGpuHosts(gpu).recorded(!a.has("no-save")));
		}
		return launch(a, plans, outFile, samplesFile);
	}

	/** The plans the command line asks for: saved configurations, a saved endpoint, or a URL. */
	private List<RunPlan> plans(Args a) throws Exception {
		if (a.has("config")) {
			for (String option : CONFIGURED) {
				if (a.has(option)) {
					throw new UsageException("--" + option + " cannot be combined with --config: the saved configuration"
							+ " sets it (change it with deepstress configs add)");
				}
			}
			return a.all("config").stream().map(RunPlan::saved).toList();
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
			RunConfig c = config(a, PLACEHOLDER_URL, e.model());
			boolean ownTimeouts = a.has("connect-timeout") || a.has("first-token-timeout") || a.has("timeout");
			c = new RunConfig(a.has("name") ? c.name() : e.name(),
					new ApiTarget(PLACEHOLDER_URL, e.apiKind(), e.model(), e.headers(), null),
					c.request(), c.datasets(), c.load(), c.limits(),
					ownTimeouts ? c.timeouts() : e.timeouts(), c.retry());
			return List.of(RunPlan.on(e, c));
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
		RunConfig config = config(a, builtin ? PLACEHOLDER_URL : url, model);
		return List.of(builtin ? RunPlan.on(io.deepstress.core.model.Endpoint.builtinSimulator(), config) : RunPlan.of(config));
	}

	/** The URL of a run whose endpoint gives the real one (the launch service resolves it). */
	private static final String PLACEHOLDER_URL = "http://127.0.0.1:1/v1";

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

	/** Runs the plans as one launch of the launch service, prints and writes what it measured. */
	private int launch(Args a, List<RunPlan> plans, Path outFile, Path samplesFile) throws Exception {
		LaunchService launcher = services.get(LaunchService.class);
		try (BufferedWriter samples = samplesFile == null ? null
				: Files.newBufferedWriter(samplesFile, StandardCharsets.UTF_8)) {
			Listener progress = new Listener(samples, a.has("quiet") ? null : err);
			double cpuBefore = ClientResources.cpuSeconds();
			LaunchHandle launch;
			try {
				launch = launcher.launch(new LaunchRequest(plans, progress));
			} catch (IllegalArgumentException e) {
				throw new UsageException(e.getMessage());
			}
			progress.stop = launch::cancel;
			launch.problems().forEach(p -> err.println("deepstress run: " + p));
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
			for (RunSummary s : summaries) {
				out.print(Reports.table(s, result.baseUrls().get(s.runId())));
			}
			out.printf(java.util.Locale.ROOT, "  client      %.2f CPU s, peak RSS %d MiB%n", cpu, rss >> 10);
			if (result.recorded() && result.unsaved().isEmpty() && plans.stream().allMatch(RunPlan::record)) {
				String location = services.get(RunStore.class).location();
				for (RunSummary s : summaries) {
					out.println("  saved       run " + s.runId() + " in " + location);
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
					Map<String, Object> single = Reports.json(summaries.get(0), result.baseUrls().get(summaries.get(0).runId()));
					single.put("client", client);
					json = single;
				} else {
					Map<String, Object> several = new LinkedHashMap<>();
					several.put(plans.size() > 1 ? "runs" : "sweep",
							summaries.stream().map(s -> Reports.json(s, result.baseUrls().get(s.runId()))).toList());
					if (result.batchId() != null) {
						several.put("batch_id", result.batchId());
					}
					several.put("client", client);
					json = several;
				}
				Files.writeString(outFile, CliJson.write(json) + "\n", StandardCharsets.UTF_8);
			}
		}
		return 0;
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

	/** The levels of {@code --sweep} ("1,8,32"), empty without it; the launch checks them against each run's load. */
	static List<Double> sweepLevels(String spec) throws UsageException {
		try {
			return SweepLevels.numbers(spec);
		} catch (IllegalArgumentException e) {
			throw new UsageException("--sweep takes positive numbers separated by commas, got '" + spec + "'");
		}
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
	private static final class Listener implements LaunchListener {
		private final BufferedWriter samples;
		private final PrintStream progress;
		private long lastPrint;
		volatile IOException failure;
		/** Stops the launch when the samples cannot be written. */
		volatile Runnable stop;

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
