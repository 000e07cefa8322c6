package io.deepstress.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuHostRegistry;
import io.deepstress.core.json.Json;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.BuiltinSimulator;
import io.deepstress.core.services.EndpointRegistry;

/**
 * The parsing side of {@code deepstress run}: what the command line asks for (the runs, a sweep, output files,
 * GPU telemetry, quiet, not saved), checked and resolved; {@link RunCommand} executes it.
 */
final class RunOptions {

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

	private final Args a;
	private final List<Double> sweep;
	private final Path out;
	private final Path samples;

	private RunOptions(Args a) throws UsageException {
		this.a = a;
		if (!a.positional().isEmpty()) {
			throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
		}
		sweep = sweepLevels(a.get("sweep"));
		out = a.has("out") ? Path.of(a.get("out")) : null;
		samples = a.has("samples") ? Path.of(a.get("samples")) : null;
	}

	/** The words after {@code run}, checked as far as they can be without services. */
	static RunOptions parse(List<String> words) throws UsageException {
		return new RunOptions(Args.parse(words, VALUED, FLAGS));
	}

	/** {@code --sweep}: the levels to run at instead of one run (or a configuration's own sweep); empty without. */
	List<Double> sweep() {
		return sweep;
	}

	/** {@code --out}: where the summary goes as JSON, or null. */
	Path out() {
		return out;
	}

	/** {@code --samples}: where one JSON line per request attempt goes, or null. */
	Path samples() {
		return samples;
	}

	/** {@code --quiet}: no progress lines on stderr. */
	boolean quiet() {
		return a.has("quiet");
	}

	/** {@code --no-save}: the runs are not recorded. */
	boolean noSave() {
		return a.has("no-save");
	}

	/** Checks that the output files can be written (their folders exist); call before anything runs. */
	void checkOutputs() throws UsageException {
		checkWritable(out);
		checkWritable(samples);
	}

	/** The runs the command line asks for: saved configurations, a saved endpoint, or a URL. */
	List<Library.Resolved> jobs(Services services) throws Exception {
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
			EndpointRegistry registry = services.get(EndpointRegistry.class);
			Endpoint e = Library.endpoint(registry, a.get("endpoint")).orElseThrow(
					() -> new UsageException("no endpoint named '" + a.get("endpoint") + "' (see deepstress endpoints list)"));
			RunConfig c = config(a, Library.baseUrl(services, e), e.model());
			boolean ownTimeouts = a.has("connect-timeout") || a.has("first-token-timeout") || a.has("timeout");
			c = new RunConfig(a.has("name") ? c.name() : e.name(),
					new ApiTarget(c.target().baseUrl(), e.apiKind(), e.model(), e.headers(), Library.apiKey(services, e)),
					c.request(), c.datasets(), c.load(), c.limits(),
					ownTimeouts ? c.timeouts() : e.timeouts(), c.retry());
			return List.of(new Library.Resolved(c, new RunOrigin(e.name(), null, null)));
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
				? new RunOrigin(Endpoint.BUILTIN_SIMULATOR_NAME, null, null)
				: RunOrigin.NONE));
	}

	/**
	 * {@code --gpu}: the GPU host to record telemetry from with the runs (this computer, or a saved host looked up
	 * by name), or null without the option.
	 */
	GpuHost gpuHost(Services services) throws Exception {
		String spec = a.get("gpu");
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
		if (spec.equals("smi") || spec.startsWith("smi:")) {
			String command = spec.length() > 4 ? spec.substring(4) : null;
			return new GpuHost("local-smi", "This computer (nvidia-smi)", GpuHost.Kind.LOCAL_SMI, null, 0, null, null,
					null, command);
		}
		return null; // a stored host's name
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
				Json.parseObject(extra);
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
}
