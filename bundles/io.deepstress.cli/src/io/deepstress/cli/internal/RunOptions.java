package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuHostRegistry;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.NetworkOptions;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.services.BuiltinSimulator;
import io.deepstress.core.services.EndpointRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The parsing side of {@code deepstress run}: what the command line asks for (the runs, a sweep, output files,
 * GPU telemetry, quiet, not saved), checked and resolved; {@link RunCommand} executes it.
 */
@Command(name = "run", sortOptions = false, description = "load-test an OpenAI-compatible endpoint and print statistics",
		customSynopsis = { "deepstress run --url URL --model NAME [options]", "       deepstress run --endpoint NAME [options]",
				"       deepstress run --config NAME [--config NAME]... [--sweep ...] [--out ...] [--gpu ...]" },
		footer = { "", "Exit code: 0 when the test ran (even if requests failed), 2 for a bad command line or configuration,"
				+ " 1 otherwise (also when a run-level limit of --slo failed)." })
final class RunOptions implements Callable<Integer> {

	/** What a saved configuration sets: not to be given beside --config. */
	private static final List<String> CONFIGURED = List.of("url", "model", "api", "concurrency", "rate", "requests",
			"duration", "warmup", "max-tokens", "temperature", "extra-body", "header", "prompts", "api-key-env",
			"retries", "connect-timeout", "first-token-timeout", "timeout", "name", "endpoint", "no-stream", "poisson",
			"dataset", "multi-turn", "input-tokens", "output-tokens", "tokenizer", "prefix-tokens", "salt", "seed",
			"no-ignore-eos", "trace-speed", "http2", "ca-file", "insecure", "proxy", "max-body-mib");

	@Option(names = "--endpoint", paramLabel = "NAME",
			description = "a saved endpoint (deepstress endpoints list): its URL, model, headers, key")
	String endpoint;

	@Option(names = "--config", paramLabel = "NAME", description = { "a saved test configuration (deepstress configs"
			+ " list); several run one after another as one batch, a saved sweep once per level" })
	List<String> configs = new ArrayList<>();

	@Mixin
	TargetOptions target;

	@Mixin
	TestOptions test;

	@Option(names = "--prompts", paramLabel = "FILE[:WEIGHT]", description = { "UTF-8 text, one prompt per line, or JSON"
			+ " Lines with \"prompt\" (repeatable; weights split the concurrency between files; default: built-in"
			+ " prompts)" })
	List<String> prompts = new ArrayList<>();

	@Mixin
	DatasetSpecs datasetSpecs;

	@Mixin
	TimeoutOptions timeouts;

	@Mixin
	TokenOptions tokens;

	@Mixin
	NetworkCliOptions network;

	@Mixin
	AgentCliOptions agents;

	@Option(names = "--name", paramLabel = "NAME", description = "the run's name (default cli, or the endpoint's)")
	String name;

	@Option(names = "--out", paramLabel = "FILE.json", description = "write the summary as JSON")
	Path out;

	@Option(names = "--samples", paramLabel = "FILE.jsonl", description = "write one JSON line per request attempt")
	Path samples;

	@Option(names = "--slo", paramLabel = "EXPR", description = { "judge each run by an SLO, e.g."
			+ " 'ttft_p99<=500ms,tpot_p99<=50ms,e2e<=20s' (per-request limits without a percentile, run-level ones with"
			+ " _p50/_p90/_p95/_p99/_max; optional attainment>=90%%); prints attainment, goodput and each limit; exit 1"
			+ " when a run-level limit fails" })
	String slo;

	@Option(names = "--server-metrics", paramLabel = "auto|URL|off", description = { "scrape the server's Prometheus"
			+ " /metrics every second with the run (kept with it and in --out as server_metrics); auto (default): the"
			+ " endpoint's {host}/metrics when it is not the built-in simulator and answers" })
	String serverMetrics = "auto";

	@Option(names = "--stop-on-saturation", description = "stop a run as soon as it is found saturated (throughput"
			+ " flat while latency and requests in flight grow); it is recorded as cancelled with what it measured")
	boolean stopOnSaturation;

	@Option(names = "--quiet", description = "no progress lines on stderr")
	boolean quiet;

	@Option(names = "--no-save", description = "do not keep the run in the records store")
	boolean noSave;

	@Option(names = "--gpu", paramLabel = "nvml|smi[:PATH]|amd[:PATH]|dcgm:URL|HOST", description = { "record GPU telemetry with the run"
			+ " (every second): this computer (amd: AMD GPUs through amd-smi, with the AMD plug-in), a DCGM exporter's URL (e.g. dcgm:http://gpu-node:9400/metrics), or a host"
			+ " added with 'deepstress hosts add' (an SSH host's key must be known: see deepstress gpu watch --trust)" })
	String gpu;

	@Spec
	CommandSpec spec;

	private final Services services;
	private final PrintStream stdout;
	private final PrintStream stderr;

	RunOptions(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.stdout = out;
		this.stderr = err;
	}

	@Override
	public Integer call() throws Exception {
		return new RunCommand(services, stdout, stderr).execute(this);
	}

	/** {@code --sweep}: the levels to run at instead of one run (or a configuration's own sweep); empty without. */
	List<Double> sweep() {
		return test.sweep();
	}

	/** The tokenizer id of the synthetic prompts ({@code --input-tokens}), once the plans are made; else null. */
	String tokenizerId() {
		return tokens.tokenizerId;
	}

	/** {@code --stop-on-saturation}. */
	boolean stopOnSaturation() {
		return stopOnSaturation;
	}

	/** {@code --server-metrics}: auto, off or a URL (checked to be an http(s) URL). */
	String serverMetrics() throws UsageException {
		String s = serverMetrics == null ? "auto" : serverMetrics.trim();
		if (s.equalsIgnoreCase("auto") || s.equalsIgnoreCase("off")) {
			return s.toLowerCase(java.util.Locale.ROOT);
		}
		try {
			java.net.URI u = new java.net.URI(s);
			if (("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null) {
				return s;
			}
		} catch (java.net.URISyntaxException e) {
			// the message below
		}
		throw new UsageException("--server-metrics: expected auto, off or an http(s) URL, not '" + s + "'");
	}

	/** {@code --out}: where the summary goes as JSON, or null. */
	Path out() {
		return out;
	}

	/** {@code --samples}: where one JSON line per request attempt goes, or null. */
	Path samples() {
		return samples;
	}

	/** {@code --slo}: the SLO the runs are judged by, or null; a bad expression is a usage error naming the part. */
	io.deepstress.core.slo.Slo slo() throws UsageException {
		return SloReports.parse(slo);
	}

	/** {@code --quiet}: no progress lines on stderr. */
	boolean quiet() {
		return quiet;
	}

	/** {@code --no-save}: the runs are not recorded. */
	boolean noSave() {
		return noSave;
	}

	/** Checks that the output files can be written (their folders exist); call before anything runs. */
	void checkOutputs() throws UsageException {
		checkWritable(out);
		checkWritable(samples);
	}

	/** The URL of a run whose endpoint gives the real one (the launch service resolves it). */
	private static final String PLACEHOLDER_URL = "http://127.0.0.1:1/v1";

	/**
	 * The plans the command line asks for: saved configurations (resolved by the launch service), a saved endpoint,
	 * or a URL ({@code builtin}: the built-in simulator's endpoint); without the sweep, GPU and save options, which
	 * the command adds to each.
	 */
	List<RunPlan> plans(Services services) throws Exception {
		ParseResult given = spec.commandLine().getParseResult();
		if (!configs.isEmpty()) {
			for (String option : CONFIGURED) {
				if (given.hasMatchedOption("--" + option)) {
					throw new UsageException("--" + option + " cannot be combined with --config: the saved configuration"
							+ " sets it (change it with deepstress configs add)");
				}
			}
			return configs.stream().map(RunPlan::saved).toList();
		}
		if (endpoint != null) {
			for (String option : List.of("url", "model", "api", "header", "api-key-env")) {
				if (given.hasMatchedOption("--" + option)) {
					throw new UsageException("--" + option + " cannot be combined with --endpoint: the saved endpoint sets it");
				}
			}
			EndpointRegistry registry = services.get(EndpointRegistry.class);
			Endpoint e = Library.endpoint(registry, endpoint).orElseThrow(
					() -> new UsageException("no endpoint named '" + endpoint + "' (see deepstress endpoints list)"));
			RunConfig c = config(PLACEHOLDER_URL, e.model());
			c = new RunConfig(name != null ? c.name() : e.name(),
					new ApiTarget(PLACEHOLDER_URL, e.apiKind(), e.model(), e.headers(), null),
					c.request(), c.datasets(), c.load(), c.limits(),
					timeouts.given() ? c.timeouts() : e.timeouts(), c.retry(), c.network());
			c = tokens.apply(c, e.isBuiltin() ? services.get(BuiltinSimulator.class).baseUrl() : e.baseUrl(),
					!prompts.isEmpty(), datasetSpecs.trace() != null, services);
			c = tokens.replay(c, datasetSpecs.trace(), test, e.isBuiltin() ? services.get(BuiltinSimulator.class).baseUrl()
					: e.baseUrl(), !prompts.isEmpty(), services);
			return List.of(RunPlan.on(e, c));
		}
		String url = target.url;
		if (url == null) {
			throw new UsageException("--url, --endpoint or --config is required (--url builtin for the built-in simulator)");
		}
		boolean builtin = url.equalsIgnoreCase("builtin");
		String model = target.model != null ? target.model : builtin ? "deepstress-sim" : null;
		if (model == null) {
			throw new UsageException("--model is required");
		}
		RunConfig config = config(builtin ? PLACEHOLDER_URL : url, model);
		config = tokens.apply(config, builtin ? services.get(BuiltinSimulator.class).baseUrl() : url, !prompts.isEmpty(),
				datasetSpecs.trace() != null, services);
		config = tokens.replay(config, datasetSpecs.trace(), test,
				builtin ? services.get(BuiltinSimulator.class).baseUrl() : url, !prompts.isEmpty(), services);
		return List.of(builtin ? RunPlan.on(Endpoint.builtinSimulator(), config) : RunPlan.of(config));
	}

	/**
	 * {@code --gpu}: the GPU host to record telemetry from with the runs (this computer, or a saved host looked up
	 * by name), or null without the option.
	 */
	GpuHost gpuHost(Services services) throws Exception {
		String spec = gpu;
		if (spec != null && spec.startsWith("dcgm:")) {
			try {
				return GpuHost.dcgm("cli-dcgm", "DCGM exporter", spec.substring(5));
			} catch (IllegalArgumentException e) {
				throw new UsageException("--gpu: " + e.getMessage());
			}
		}
		GpuHost host = gpuHost(spec);
		if (host == null && spec != null) {
			host = services.find(GpuHostRegistry.class, 10_000).flatMap(r -> r.byName(spec))
					.orElseThrow(() -> new UsageException("--gpu: no GPU host named '" + spec + "' (nvml, smi, smi:PATH"
							+ " or a name from deepstress hosts list)"));
		}
		return host;
	}

	private static GpuHost gpuHost(String spec) {
		if (spec == null) {
			return null;
		}
		if (spec.equals("nvml")) {
			return GpuHost.localNvml();
		}
		if (spec.equals("amd") || spec.startsWith("amd:")) {
			return GpuHost.localAmdSmi(spec.length() > 4 ? spec.substring(4) : null);
		}
		if (spec.equals("smi") || spec.startsWith("smi:")) {
			String command = spec.length() > 4 ? spec.substring(4) : null;
			return new GpuHost("local-smi", "This computer (nvidia-smi)", GpuHost.Kind.LOCAL_SMI, null, 0, null, null,
					null, command);
		}
		return null; // a stored host's name
	}

	/** The run this command line describes, against {@code url} and {@code model}. */
	private RunConfig config(String url, String model) throws Exception {
		NetworkOptions n = network.options();
		if (n.insecure()) {
			stderr.println("deepstress run: warning: TLS certificates are not verified (--insecure); recorded with the run");
		}
		RunConfig c = config(name == null ? "cli" : name, target, test, timeouts, prompts, url, model).withNetwork(n);
		return datasetSpecs.into(c, !prompts.isEmpty(), services, stderr);
	}

	/**
	 * A run from the options of a command: {@code run}'s, or the subset {@code endpoints add} or {@code configs add}
	 * takes (the others as new, unset option objects: their defaults).
	 */
	static RunConfig config(String name, TargetOptions target, TestOptions test, TimeoutOptions timeouts,
			List<String> prompts, String url, String model) throws UsageException {
		TargetOptions.checkUrl(url);
		var headers = target.headers();
		String apiKey = target.apiKey();
		var request = test.request();
		List<DatasetShare> datasets = new ArrayList<>();
		for (String spec : prompts) {
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
		try {
			return new RunConfig(name, new ApiTarget(url, target.api(), model, headers, apiKey), request, datasets,
					test.load(), test.limits(), timeouts.timeouts(), test.retry());
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
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
}
