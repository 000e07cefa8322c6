package io.deepstress.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.slo.Slo;
import io.deepstress.core.trace.Trace;
import io.deepstress.core.trace.TraceReplay;

/**
 * A saved test: which endpoint, which datasets with which weights, how much load and for how long, and
 * optionally a sweep: the same test once per load level (concurrency for a closed loop, rate for an open
 * loop), one after another. It refers to its endpoint by id and to its datasets by name, so editing a
 * dataset or an endpoint changes every configuration that uses it.
 *
 * @param id         stable identifier
 * @param name       unique display name
 * @param endpointId the endpoint's {@link Endpoint#id()}
 * @param datasets   dataset names with weights, at least one
 * @param load       closed or open loop
 * @param limits     when to stop
 * @param request    stream flag, max tokens, temperature, extra body
 * @param timeouts   per-request time limits, or null for the endpoint's
 * @param retry      retry policy
 * @param sweep      the levels of a sweep in the order they run (each replaces {@code load}'s
 *                   {@link Load#level() level}; whole numbers for a closed loop), empty for one run at
 *                   {@code load}
 * @param slo        the SLO its runs are judged by, as written ({@code ttft_p99<=500ms,e2e<=20s}), or null for none
 * @param trace      a trace replay (its file gives the arrivals and the prompts' lengths: no datasets then, no
 *                   sweep, and {@code load} is a closed loop whose concurrency is the cap of requests in flight),
 *                   or null
 */
public record TestConfiguration(String id, String name, String endpointId, List<Share> datasets, Load load,
		Limits limits, RequestOptions request, Timeouts timeouts, RetryPolicy retry, List<Double> sweep, String slo,
		TraceReplay trace) {

	/** A dataset of a configuration with its weight. */
	public record Share(String dataset, double weight) {
		public Share {
			if (dataset == null || dataset.isBlank()) {
				throw new IllegalArgumentException("A dataset share needs a dataset name");
			}
			if (!(weight > 0) || Double.isInfinite(weight)) {
				throw new IllegalArgumentException("The weight of dataset '" + dataset + "' must be > 0");
			}
		}
	}

	public TestConfiguration {
		Objects.requireNonNull(id, "id");
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A test configuration needs a name");
		}
		name = name.strip();
		if (endpointId == null || endpointId.isBlank()) {
			throw new IllegalArgumentException("Test configuration '" + name + "' has no endpoint");
		}
		datasets = List.copyOf(Objects.requireNonNull(datasets, "datasets"));
		if (trace != null) {
			if (!(load instanceof Load.ClosedLoop)) {
				throw new IllegalArgumentException("Test configuration '" + name + "': a trace replay's load is its cap"
						+ " of requests in flight (a closed loop), the trace gives the arrivals");
			}
			if (sweep != null && !sweep.isEmpty()) {
				throw new IllegalArgumentException("Test configuration '" + name + "': a trace replay cannot be a sweep");
			}
			datasets = List.of(); // the trace gives the prompts
		} else if (datasets.isEmpty()) {
			throw new IllegalArgumentException("Test configuration '" + name + "' selects no dataset");
		}
		Objects.requireNonNull(load, "load");
		limits = limits == null ? Limits.singlePass() : limits;
		request = request == null ? RequestOptions.defaults() : request;
		retry = retry == null ? RetryPolicy.none() : retry;
		sweep = sweep == null ? List.of() : List.copyOf(sweep);
		for (Double level : sweep) {
			checkLevel(name, load, level);
		}
		slo = slo == null || slo.isBlank() ? null : slo.strip();
		if (slo != null) {
			try {
				Slo.parse(slo);
			} catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("Test configuration '" + name + "': " + e.getMessage(), e);
			}
		}
	}

	/** A configuration without a trace. */
	public TestConfiguration(String id, String name, String endpointId, List<Share> datasets, Load load, Limits limits,
			RequestOptions request, Timeouts timeouts, RetryPolicy retry, List<Double> sweep, String slo) {
		this(id, name, endpointId, datasets, load, limits, request, timeouts, retry, sweep, slo, null);
	}

	/** A configuration without an SLO. */
	public TestConfiguration(String id, String name, String endpointId, List<Share> datasets, Load load, Limits limits,
			RequestOptions request, Timeouts timeouts, RetryPolicy retry, List<Double> sweep) {
		this(id, name, endpointId, datasets, load, limits, request, timeouts, retry, sweep, null);
	}

	/** A configuration without a sweep: one run at {@code load}. */
	public TestConfiguration(String id, String name, String endpointId, List<Share> datasets, Load load, Limits limits,
			RequestOptions request, Timeouts timeouts, RetryPolicy retry) {
		this(id, name, endpointId, datasets, load, limits, request, timeouts, retry, List.of(), null);
	}

	private static void checkLevel(String name, Load load, double level) {
		if (!(level > 0) || Double.isInfinite(level)) {
			throw new IllegalArgumentException("Test configuration '" + name + "': sweep level " + format(level)
					+ " is not a positive number");
		}
		if (load instanceof Load.ClosedLoop && (level != Math.rint(level) || level > Integer.MAX_VALUE)) {
			throw new IllegalArgumentException("Test configuration '" + name + "': sweep level " + format(level)
					+ " is not a concurrency level (a whole number)");
		}
	}

	/** A new configuration with a fresh id. */
	public static TestConfiguration create(String name, String endpointId, List<Share> datasets, Load load,
			Limits limits, RequestOptions request, Timeouts timeouts, RetryPolicy retry) {
		return new TestConfiguration(UUID.randomUUID().toString(), name, endpointId, datasets, load, limits, request,
				timeouts, retry);
	}

	/** The same configuration under another name (and a new id), e.g. for "duplicate". */
	public TestConfiguration copyAs(String newName) {
		return new TestConfiguration(UUID.randomUUID().toString(), newName, endpointId, datasets, load, limits, request,
				timeouts, retry, sweep, slo, trace);
	}

	/**
	 * The same configuration (same id) with these sweep levels; empty for one run.
	 *
	 * @throws IllegalArgumentException when a level is not positive, or not a whole number for a closed loop
	 */
	public TestConfiguration withSweep(List<Double> levels) {
		return new TestConfiguration(id, name, endpointId, datasets, load, limits, request, timeouts, retry, levels, slo,
				trace);
	}

	/**
	 * The same configuration (same id) judged by this SLO expression (null or blank: none).
	 *
	 * @throws IllegalArgumentException when the expression does not parse, naming the part
	 */
	public TestConfiguration withSlo(String expression) {
		return new TestConfiguration(id, name, endpointId, datasets, load, limits, request, timeouts, retry, sweep,
				expression, trace);
	}

	/** The same configuration (same id) replaying this trace (null: none; then it needs datasets). */
	public TestConfiguration withTrace(TraceReplay replay) {
		return new TestConfiguration(id, name, endpointId, datasets, load, limits, request, timeouts, retry, sweep, slo,
				replay);
	}

	/** Its SLO, parsed, or null without one. */
	public Slo parsedSlo() {
		return slo == null ? null : Slo.parse(slo);
	}

	/** Whether this configuration runs once per level. */
	public boolean isSweep() {
		return !sweep.isEmpty();
	}

	/** The sweep levels as typed in a field or on the command line: "1,8,32" (empty without a sweep). */
	public String sweepText() {
		return String.join(",", sweep.stream().map(TestConfiguration::format).toList());
	}

	private static String format(double level) {
		return level == Math.rint(level) && Math.abs(level) < 1e15 ? Long.toString((long) level)
				: Double.toString(level);
	}

	/**
	 * The runs this configuration describes: the one of {@link #toRunConfig}, or for a sweep one per level in
	 * order, each named after its level as the engine names a sweep's runs ("name c8", "name r20/s").
	 *
	 * @see #toRunConfig(Endpoint, String, String, Function)
	 */
	public List<RunConfig> toRunConfigs(Endpoint endpoint, String baseUrl, String apiKey,
			Function<String, Dataset> datasetByName) {
		RunConfig base = toRunConfig(endpoint, baseUrl, apiKey, datasetByName);
		if (sweep.isEmpty()) {
			return List.of(base);
		}
		List<RunConfig> runs = new ArrayList<>();
		for (double level : sweep) {
			runs.add(base.atLevel(level));
		}
		return List.copyOf(runs);
	}

	/**
	 * The run this configuration describes at its {@code load} (without its sweep: see {@link #toRunConfigs}).
	 *
	 * @param endpoint    the configuration's endpoint
	 * @param baseUrl     the URL requests go to (the built-in simulator's real address for it)
	 * @param apiKey      the endpoint's key from secure storage, or null
	 * @param datasetByName looks a dataset up by name, null when missing
	 * @throws IllegalArgumentException when the endpoint is not this configuration's or a dataset is missing
	 */
	public RunConfig toRunConfig(Endpoint endpoint, String baseUrl, String apiKey,
			Function<String, Dataset> datasetByName) {
		if (!endpoint.id().equals(endpointId)) {
			throw new IllegalArgumentException("Configuration '" + name + "' is for another endpoint");
		}
		if (trace != null) {
			throw new IllegalStateException("Configuration '" + name + "' replays a trace: see toTraceRun");
		}
		List<DatasetShare> shares = datasets.stream().map(s -> {
			Dataset d = datasetByName.apply(s.dataset());
			if (d == null) {
				throw new IllegalArgumentException(
						"Configuration '" + name + "' uses dataset '" + s.dataset() + "', which does not exist");
			}
			return new DatasetShare(d, s.weight());
		}).toList();
		return new RunConfig(name, new ApiTarget(baseUrl, endpoint.apiKind(), endpoint.model(), endpoint.headers(), apiKey),
				request, shares, load, limits, timeouts != null ? timeouts : endpoint.timeouts(), retry);
	}

	/**
	 * The run of a trace-replay configuration: {@code read} (its file as {@link TraceReplay#read} read it, with
	 * this configuration's request limit as the cap) sent at the recorded times with {@code prompts} (one per
	 * request, synthesised to the trace's lengths), at most {@code load}'s concurrency in flight.
	 *
	 * @throws IllegalArgumentException when the endpoint is not this configuration's
	 * @throws IllegalStateException    when this configuration replays no trace
	 */
	public RunConfig toTraceRun(Endpoint endpoint, String baseUrl, String apiKey, Trace read, Dataset prompts) {
		if (!endpoint.id().equals(endpointId)) {
			throw new IllegalArgumentException("Configuration '" + name + "' is for another endpoint");
		}
		if (trace == null) {
			throw new IllegalStateException("Configuration '" + name + "' replays no trace");
		}
		RunConfig base = new RunConfig(name,
				new ApiTarget(baseUrl, endpoint.apiKind(), endpoint.model(), endpoint.headers(), apiKey), request,
				List.of(new DatasetShare(prompts, 1)), load, limits, timeouts != null ? timeouts : endpoint.timeouts(),
				retry);
		return TraceReplay.apply(base, read, prompts, trace.speed(), ((Load.ClosedLoop) load).concurrency());
	}
}
