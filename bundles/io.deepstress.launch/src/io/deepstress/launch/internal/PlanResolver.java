package io.deepstress.launch.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.launch.SweepLevels;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.services.BuiltinSimulator;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.core.services.SecretStore;
import io.deepstress.core.tokens.PromptSynthesizer;
import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.core.trace.Trace;
import io.deepstress.core.trace.TraceReplay;

/**
 * Turns run plans into the runs they make, resolving what only the installation knows: a saved configuration's
 * endpoint and datasets, the built-in simulator's address, an endpoint's API key in secure storage, and the levels
 * of a sweep (one rule for every client: {@link SweepLevels}).
 */
final class PlanResolver {

	/**
	 * One run of a launch, before it starts.
	 *
	 * @param config the run's configuration, its target resolved
	 * @param origin where it came from (no batch yet)
	 * @param plan   the plan it belongs to
	 * @param level  the label of its sweep level ("c8"), or empty when the plan is no sweep
	 */
	record Planned(RunConfig config, RunOrigin origin, RunPlan plan, String level) {
	}

	private final Lookup services;

	PlanResolver(Lookup services) {
		this.services = services;
	}

	/**
	 * The runs of these plans, in order.
	 *
	 * @throws IllegalArgumentException when a plan cannot run, saying why
	 * @throws IllegalStateException    when a service a plan needs is not installed
	 */
	List<Planned> resolve(List<RunPlan> plans) {
		List<Planned> runs = new ArrayList<>();
		for (RunPlan plan : plans) {
			runs.addAll(resolve(plan));
		}
		return List.copyOf(runs);
	}

	private List<Planned> resolve(RunPlan plan) {
		RunConfig config;
		RunOrigin origin;
		List<Double> levels = plan.levels();
		switch (plan.what()) {
		case RunPlan.Saved saved -> {
			ConfigurationStore store = services.find(ConfigurationStore.class).orElseThrow(
					() -> new IllegalStateException("Saved configurations need the records store, which is not installed"));
			TestConfiguration c = store.configuration(saved.configuration()).orElseThrow(() -> new IllegalArgumentException(
					"no saved configuration named '" + saved.configuration() + "' (see deepstress configs list)"));
			EndpointRegistry registry = services.find(EndpointRegistry.class).orElseThrow(
					() -> new IllegalStateException("The endpoint registry is not installed"));
			Endpoint e = registry.find(c.endpointId()).orElseThrow(
					() -> new IllegalArgumentException("Configuration '" + c.name() + "': its endpoint no longer exists"));
			config = insecureIfAsked(c.trace() != null ? traceRun(c, e)
					: c.toRunConfig(e, baseUrl(e), apiKey(e), name -> dataset(store, name)), e);
			origin = new RunOrigin(e.name(), c.name(), null);
			if (levels.isEmpty()) {
				levels = c.sweep();
			}
			if (plan.slo() == null && c.slo() != null) { // the configuration's own SLO, unless the client gave one
				plan = plan.withSlo(c.parsedSlo());
			}
		}
		case RunPlan.OnEndpoint on -> {
			Endpoint e = on.endpoint();
			ApiTarget t = on.config().target();
			String key = t.apiKey() != null && !t.apiKey().isEmpty() ? t.apiKey() : apiKey(e);
			config = insecureIfAsked(
					withTarget(on.config(), new ApiTarget(baseUrl(e), t.apiKind(), t.model(), t.headers(), key)), e);
			origin = new RunOrigin(e.name(), null, null);
		}
		case RunPlan.Given given -> {
			config = given.config();
			origin = RunOrigin.NONE;
		}
		}
		if (levels.isEmpty()) {
			return List.of(new Planned(shard(plan, config), origin, plan, ""));
		}
		SweepLevels.check(levels, config.load());
		List<Planned> runs = new ArrayList<>();
		for (double level : levels) {
			RunConfig atLevel = config.atLevel(level);
			runs.add(new Planned(shard(plan, atLevel), origin, plan, atLevel.load().label()));
		}
		return runs;
	}

	/**
	 * A trace-replay configuration's run: its trace read (the request limit caps it), the prompts synthesised to the
	 * trace's lengths with its tokenizer, as {@code deepstress run --dataset trace:FILE} does.
	 */
	private RunConfig traceRun(TestConfiguration c, Endpoint e) {
		TraceReplay replay = c.trace();
		String where = "Configuration '" + c.name() + "': trace " + replay.file() + ": ";
		Trace trace;
		try {
			trace = replay.read(c.limits().maxRequests());
		} catch (IllegalArgumentException bad) {
			throw new IllegalArgumentException(where + bad.getMessage(), bad);
		}
		TokenizerService tokenizers = services.find(TokenizerService.class)
				.orElseThrow(() -> new IllegalStateException("A trace replay needs the tokenizers, which are not installed"));
		PromptSynthesizer synthesizer = services.find(PromptSynthesizer.class)
				.orElseThrow(() -> new IllegalStateException("A trace replay needs the prompt synthesizer, not installed"));
		String baseUrl = baseUrl(e);
		try {
			Tokenizer tokenizer = tokenizers.resolve(replay.tokenizer(), URI.create(baseUrl));
			Dataset prompts = synthesizer.trace(trace, tokenizer, replay.seed());
			return c.toTraceRun(e, baseUrl, apiKey(e), trace, prompts);
		} catch (IllegalArgumentException bad) { // a TokenizerException too
			throw new IllegalArgumentException(where + bad.getMessage(), bad);
		}
	}

	/** An agent's part of the run (its shard of the load, prompts and request count), or the run itself. */
	private static RunConfig shard(RunPlan plan, RunConfig config) {
		if (plan.agent() == null) {
			return config;
		}
		try {
			return plan.agent().shard().apply(config);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("shard " + plan.agent().shard() + ": " + e.getMessage(), e);
		}
	}

	/** A saved dataset, a plug-in's, or the built-in prompts when none of that name is saved. */
	private static Dataset dataset(ConfigurationStore store, String name) {
		Dataset d = store.dataset(name).orElse(null);
		return d == null && Datasets.BUILTIN.equalsIgnoreCase(name) ? Datasets.builtin() : d;
	}

	/** The URL requests to this endpoint go to: the built-in simulator's real address for it. */
	private String baseUrl(Endpoint e) {
		if (!e.isBuiltin()) {
			return e.baseUrl();
		}
		return services.find(BuiltinSimulator.class)
				.orElseThrow(() -> new IllegalStateException("The built-in simulator is not installed")).baseUrl();
	}

	/** The endpoint's API key from secure storage, or null (none, the simulator, or no secure storage). */
	private String apiKey(Endpoint e) {
		if (e.isBuiltin()) {
			return null;
		}
		return services.find(SecretStore.class).flatMap(s -> s.get(e.secretKey())).orElse(null);
	}

	private static RunConfig withTarget(RunConfig c, ApiTarget target) {
		return new RunConfig(c.name(), target, c.request(), c.datasets(), c.load(), c.limits(), c.timeouts(), c.retry(),
				c.network());
	}

	/** An endpoint saved with "do not verify the TLS certificate" runs with the insecure opt-out (recorded). */
	private static RunConfig insecureIfAsked(RunConfig c, Endpoint e) {
		return e.verifyTls() || c.network().insecure() ? c : c.withNetwork(c.network().withInsecure(true));
	}
}
