package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.deepstress.core.capacity.CapacityLevel;
import io.deepstress.core.capacity.CapacityListener;
import io.deepstress.core.capacity.CapacityRequest;
import io.deepstress.core.capacity.CapacityResult;
import io.deepstress.core.capacity.CapacitySearch;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.core.slo.Slo;
import io.deepstress.core.slo.SloFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code deepstress capacity}: the largest concurrency (or rate) at which an SLO holds, found by the launch
 * bundle's {@link CapacitySearch} (this class only parses, prints and writes).
 */
@Command(name = "capacity", sortOptions = false,
		description = "find the largest concurrency (or rate) at which an SLO holds, with a confidence interval",
		customSynopsis = { "deepstress capacity --url URL --model M|--endpoint NAME|--config NAME --slo EXPR"
				+ " [--by concurrency|rate] [--min N] [--max N] [--level-duration S] [--repeats N] [--confidence 0.95]"
				+ " [--resume BATCH_ID] --out FILE.json" },
		footer = { "", "Each level runs for --level-duration after a warm-up (one request per user, or a second of"
				+ " arrivals), up to --repeats times where its verdict is inside the confidence interval; every run is"
				+ " recorded in one batch.",
				"Exit code: 0 when an answer was found, 1 when even the lowest level fails (or the search could not"
						+ " run), 2 for a bad command line." })
final class CapacityCommand implements Callable<Integer> {

	/** What the search decides, not to be given. */
	private static final List<String> DECIDED = List.of("sweep", "requests", "duration", "warmup");

	@Option(names = "--endpoint", paramLabel = "NAME", description = "a saved endpoint (deepstress endpoints list)")
	String endpoint;

	@Option(names = "--config", paramLabel = "NAME", description = "a saved test configuration: its endpoint, datasets,"
			+ " request options")
	String config;

	@Mixin
	TargetOptions target;

	@Mixin
	TestOptions test;

	@Option(names = "--prompts", paramLabel = "FILE[:WEIGHT]", description = "prompt files as for deepstress run")
	List<String> prompts = new ArrayList<>();

	@Mixin
	TimeoutOptions timeouts;

	@Option(names = "--name", paramLabel = "NAME", description = "the runs' name before their level (default capacity)")
	String name;

	@Option(names = "--slo", paramLabel = "EXPR", required = true, description = { "the SLO, e.g. 'ttft_p99<=500ms'"
			+ " or 'ttft<=500ms,e2e<=20s,attainment>=90%%' (per-request limits are judged by their attainment, 90 %%"
			+ " unless given)" })
	String slo;

	@Option(names = "--by", paramLabel = "concurrency|rate", defaultValue = "concurrency",
			description = "what to vary: concurrency (closed loop) or rate (open loop, req/s) (default ${DEFAULT-VALUE})")
	String by;

	@Option(names = "--min", paramLabel = "N", converter = Converters.PositiveDouble.class, defaultValue = "1",
			description = "lowest level, where the search starts (default ${DEFAULT-VALUE})")
	double min;

	@Option(names = "--max", paramLabel = "N", converter = Converters.PositiveDouble.class, defaultValue = "256",
			description = "highest level tried (default ${DEFAULT-VALUE})")
	double max;

	@Option(names = "--level-duration", paramLabel = "S", converter = Converters.PositiveDouble.class,
			defaultValue = "10", description = "seconds each run of a level lasts after its warm-up (default ${DEFAULT-VALUE})")
	double levelDuration;

	@Option(names = "--repeats", paramLabel = "N", converter = Converters.PositiveLong.class, defaultValue = "3",
			description = "at most N runs at a level whose verdict is close (default ${DEFAULT-VALUE})")
	long repeats;

	@Option(names = "--confidence", paramLabel = "C", converter = Converters.Fraction.class, defaultValue = "0.95",
			description = "confidence level of the intervals (default ${DEFAULT-VALUE})")
	double confidence;

	@Option(names = "--resolution", paramLabel = "R", converter = Converters.PositiveDouble.class,
			description = "stop refining when the bracket is this narrow (default 1 user; 5 %% of --min req/s)")
	Double resolution;

	@Option(names = "--max-error-rate", paramLabel = "R", converter = Converters.Fraction.class, defaultValue = "0.1",
			description = "a level with a larger share of failed requests fails, nothing above it is tried (default ${DEFAULT-VALUE})")
	double maxErrorRate;

	@Option(names = "--out", paramLabel = "FILE.json", required = true, description = "write the answer, its interval"
			+ " and every level as JSON")
	Path out;

	@Option(names = "--quiet", description = "no progress lines on stderr")
	boolean quiet;

	@Option(names = "--no-save", description = "do not keep the runs in the records store")
	boolean noSave;

	@Option(names = "--resume", paramLabel = "BATCH_ID", description = "continue the interrupted search of this batch"
			+ " from its finished levels (give the same target, --slo and range as it had)")
	String resume;

	@Spec
	CommandSpec spec;

	private final Services services;
	private final PrintStream stdout;
	private final PrintStream stderr;

	CapacityCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.stdout = out;
		this.stderr = err;
	}

	@Override
	public Integer call() throws Exception {
		Slo objective = SloReports.parse(slo);
		CapacityRequest.By dimension = switch (by.toLowerCase(Locale.ROOT)) {
			case "concurrency" -> CapacityRequest.By.CONCURRENCY;
			case "rate" -> CapacityRequest.By.RATE;
			default -> throw new UsageException("--by must be concurrency or rate, got '" + by + "'");
		};
		Path parent = out.toAbsolutePath().getParent();
		if (parent != null && !Files.isDirectory(parent)) {
			throw new UsageException("cannot write " + out + ": the folder " + parent + " does not exist");
		}
		ParseResult given = spec.commandLine().getParseResult();
		for (String option : DECIDED) {
			if (given.hasMatchedOption("--" + option)) {
				throw new UsageException("--" + option + " is decided by the search (see --level-duration, --min, --max)");
			}
		}
		RunPlan plan = plan(given).recorded(!noSave).withGpuHosts(List.<GpuHost>of());
		CapacityRequest request;
		try {
			request = new CapacityRequest(plan, objective, dimension, min, max,
					Duration.ofMillis(Math.round(levelDuration * 1000)), (int) Math.min(repeats, 1000), confidence,
					resolution == null ? 0 : resolution, maxErrorRate, new Progress(quiet ? null : stderr));
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		if (resume != null && noSave) {
			throw new UsageException("--resume continues a stored search: it cannot be combined with --no-save");
		}
		CapacitySearch searches = services.get(CapacitySearch.class);
		CapacitySearch.Handle search;
		try {
			search = resume != null ? searches.resume(request, resume) : searches.search(request);
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		if (!quiet && !noSave) {
			stderr.println("deepstress capacity: batch " + search.batchId() + (resume != null ? " (resumed)" : ""));
		}
		CountDownLatch written = new CountDownLatch(1);
		Thread hook = new Thread(() -> { // Ctrl+C: stop, and let the finished levels be written
			search.cancel();
			try {
				search.completion().get(10, TimeUnit.SECONDS);
				written.await(5, TimeUnit.SECONDS);
			} catch (Exception e) {
				// exiting anyway; every finished run is recorded
			}
		}, "deepstress-capacity-stop");
		Runtime.getRuntime().addShutdownHook(hook);
		CapacityResult result;
		try {
			result = search.completion().get();
			Files.writeString(out, CliJson.write(CapacityReports.json(result)) + "\n", StandardCharsets.UTF_8);
		} finally {
			written.countDown();
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			} catch (IllegalStateException shuttingDown) {
				// the JVM is already exiting
			}
		}
		result.unsaved().forEach(u -> stderr.println("deepstress capacity: a run was not completely saved: " + u));
		stdout.println(result.message());
		if (result.batchId() != null && !result.levels().isEmpty() && !noSave) {
			stdout.println("  batch       " + result.batchId() + " (" + result.levels().stream()
					.mapToInt(l -> l.runs().size()).sum() + " runs)");
		}
		return result.found() ? 0 : 1;
	}

	/** The plan the options describe, as deepstress run builds it. */
	private RunPlan plan(ParseResult given) throws Exception {
		String runName = name == null ? "capacity" : name;
		if (config != null) {
			for (String option : List.of("url", "model", "api", "endpoint", "prompts", "name")) {
				if (given.hasMatchedOption("--" + option)) {
					throw new UsageException("--" + option + " cannot be combined with --config: the saved configuration"
							+ " sets it");
				}
			}
			return RunPlan.saved(config);
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
			String placeholder = "http://127.0.0.1:1/v1";
			RunConfig c = RunOptions.config(runName, target, test, timeouts, prompts, placeholder, e.model());
			c = new RunConfig(runName, new ApiTarget(placeholder, e.apiKind(), e.model(), e.headers(), null),
					c.request(), c.datasets(), c.load(), c.limits(), timeouts.given() ? c.timeouts() : e.timeouts(),
					c.retry());
			return RunPlan.on(e, c);
		}
		if (target.url == null) {
			throw new UsageException("--url, --endpoint or --config is required (--url builtin for the built-in simulator)");
		}
		boolean builtin = target.url.equalsIgnoreCase("builtin");
		String model = target.model != null ? target.model : builtin ? "deepstress-sim" : null;
		if (model == null) {
			throw new UsageException("--model is required");
		}
		RunConfig c = RunOptions.config(runName, target, test, timeouts, prompts,
				builtin ? "http://127.0.0.1:1/v1" : target.url, model);
		return builtin ? RunPlan.on(Endpoint.builtinSimulator(), c) : RunPlan.of(c);
	}

	/** One line per level judged. */
	private static final class Progress implements CapacityListener {
		private final PrintStream err;

		Progress(PrintStream err) {
			this.err = err;
		}

		@Override
		public void onLevel(int index, CapacityLevel l) {
			if (err != null) {
				err.println(String.format(Locale.ROOT,
						"deepstress capacity: level %d: %s %s%s, attainment %s of %d requests, goodput %.2f req/s%s",
						index, SloFormat.trim(l.level()), l.passed() ? "passed" : "failed",
						l.confident() ? "" : " (close)", SloFormat.percent(Math.floor(l.attainment() * 1000) / 1000),
						l.total(), l.goodputRps(), l.runs().size() > 1 ? ", " + l.runs().size() + " runs" : ""));
			}
		}
	}
}
