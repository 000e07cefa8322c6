package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import io.deepstress.core.model.Endpoint;
import io.deepstress.core.launch.SweepLevels;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.EndpointRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepstress configs list|show|add|remove}: saved test configurations. */
@Command(name = "configs", description = "list, show, add or remove saved test configurations")
final class ConfigsCommand implements Callable<Integer> {

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	ConfigsCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() throws UsageException {
		throw new UsageException("say what to do: list, show, add or remove");
	}

	@Command(name = "list", description = "the saved test configurations")
	int list() throws Exception {
		ConfigurationStore store = Library.store(services);
		EndpointRegistry registry = services.get(EndpointRegistry.class);
		out.printf(Locale.ROOT, "%-28s  %-24s  %-30s  %s%n", "name", "endpoint", "load", "datasets");
		for (TestConfiguration c : store.configurations()) {
			out.printf(Locale.ROOT, "%-28s  %-24s  %-30s  %s%n", c.name(), endpointName(registry, c), load(c),
					datasets(c));
		}
		return 0;
	}

	@Command(name = "show", description = "a saved test configuration in full")
	int show(@Parameters(paramLabel = "NAME", arity = "0..*", description = "the configuration's name") List<String> names)
			throws Exception {
		String name = Library.single(names, "show takes the configuration's name");
		ConfigurationStore store = Library.store(services);
		EndpointRegistry registry = services.get(EndpointRegistry.class);
		TestConfiguration c = store.configuration(name).orElse(null);
		if (c == null) {
			err.println("deepstress configs: no configuration named '" + name + "'");
			return 1;
		}
		out.println("configuration " + c.name());
		out.println("  endpoint    " + endpointName(registry, c));
		out.println("  datasets    " + (c.trace() != null ? "(prompts from the trace)" : datasets(c)));
		out.println("  load        " + load(c));
		if (c.isSweep()) {
			out.println("  sweep       " + c.sweepText() + " (one run per " + (c.load() instanceof Load.OpenLoop
					? "rate" : "concurrency") + " level, one batch)");
		}
		out.println("  stop        " + (c.limits().maxRequests() > 0 ? c.limits().maxRequests() + " requests " : "")
				+ (c.limits().maxDuration() != null ? "after " + c.limits().maxDuration().toMillis() / 1000.0 + " s " : "")
				+ (c.limits().onePass() ? "one pass over the prompts" : "")
				+ (c.limits().warmupRequests() > 0 ? ", " + c.limits().warmupRequests() + " warm-up" : ""));
		out.println("  request     " + (c.request().stream() ? "streaming" : "not streaming")
				+ (c.request().maxTokens() != null ? ", max_tokens " + c.request().maxTokens() : "")
				+ (c.request().temperature() != null ? ", temperature " + c.request().temperature() : "")
				+ (c.request().extraBodyJson() != null ? ", extra body " + c.request().extraBodyJson() : ""));
		out.println("  timeouts    " + (c.timeouts() == null ? "the endpoint's"
				: c.timeouts().connect().toMillis() / 1000.0 + " s connect, " + c.timeouts().firstToken().toMillis()
						/ 1000.0 + " s first token, " + c.timeouts().total().toMillis() / 1000.0 + " s total"));
		out.println("  retries     " + c.retry().maxRetries());
		if (c.slo() != null) {
			out.println("  slo         " + c.slo());
		}
		return 0;
	}

	@Command(name = "add", sortOptions = false, description = { "save a test configuration; add replaces a configuration"
			+ " of the same name; without --dataset the built-in prompts are used; the timeouts default to the"
			+ " endpoint's" }, footer = { "", "Run saved configurations with: deepstress run --config NAME [--config NAME]..." })
	int add(@Parameters(paramLabel = "NAME", arity = "0..*", description = "the configuration's name") List<String> names,
			@Option(names = "--endpoint", paramLabel = "NAME", description = "the saved endpoint to test (deepstress"
					+ " endpoints list)") String endpoint,
			@Option(names = "--dataset", paramLabel = "NAME[:WEIGHT]", description = "a saved dataset (repeatable;"
					+ " weights split the concurrency)") List<String> datasets,
			@Mixin TestOptions test, @Mixin TimeoutOptions timeouts,
			@Option(names = "--slo", paramLabel = "EXPR", description = "the SLO its runs are judged by (as for deepstress"
					+ " run --slo; run --slo replaces it for one launch)") String slo) throws Exception {
		String name = Library.single(names, "add takes the configuration's name");
		SloReports.parse(slo); // a bad expression is a bad command line, naming the part
		if (endpoint == null) {
			throw new UsageException("add needs --endpoint NAME (see deepstress endpoints list)");
		}
		if (datasets == null) {
			datasets = List.of();
		}
		ConfigurationStore store = Library.store(services);
		EndpointRegistry registry = services.get(EndpointRegistry.class);
		Endpoint e = Library.endpoint(registry, endpoint).orElseThrow(() -> new UsageException(
				"no endpoint named '" + endpoint + "' (see deepstress endpoints list)"));
		List<TestConfiguration.Share> shares = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (String spec : datasets) {
			double weight = 1;
			String dataset = spec;
			int colon = spec.lastIndexOf(':');
			if (colon > 0 && spec.substring(colon + 1).matches("[0-9]+(\\.[0-9]+)?")) {
				weight = Double.parseDouble(spec.substring(colon + 1));
				dataset = spec.substring(0, colon);
			}
			if (!seen.add(dataset.toLowerCase(Locale.ROOT))) {
				throw new UsageException("dataset '" + dataset + "' is named twice");
			}
			try {
				shares.add(new TestConfiguration.Share(dataset, weight));
			} catch (IllegalArgumentException bad) {
				throw new UsageException(bad.getMessage());
			}
		}
		if (shares.isEmpty()) {
			shares.add(new TestConfiguration.Share(Library.builtinDataset(store), 1));
		}
		List<Double> levels = test.sweep();
		RunConfig parsed = RunOptions.config("cli", new TargetOptions(), test, timeouts, List.of(), "http://127.0.0.1:1/v1",
				e.model());
		TestConfiguration existing = store.configuration(name).orElse(null);
		TestConfiguration c;
		try {
			SweepLevels.check(levels, parsed.load());
			c = new TestConfiguration(existing != null ? existing.id() : java.util.UUID.randomUUID().toString(),
					name, e.id(), shares, parsed.load(), parsed.limits(), parsed.request(),
					timeouts.given() ? parsed.timeouts() : null, parsed.retry(), levels, slo);
		} catch (IllegalArgumentException bad) {
			throw new UsageException(bad.getMessage());
		}
		try {
			store.saveConfiguration(c);
		} catch (IllegalArgumentException bad) {
			err.println("deepstress configs: " + bad.getMessage());
			return 1;
		}
		out.println((existing != null ? "Updated" : "Saved") + " configuration " + c.name() + ": " + load(c)
				+ " on " + e.name() + ", " + datasets(c));
		return 0;
	}

	@Command(name = "remove", description = "forget a saved test configuration (its runs stay)")
	int remove(@Parameters(paramLabel = "NAME", arity = "0..*", description = "the configuration's name")
			List<String> names) throws Exception {
		String name = Library.single(names, "remove takes the configuration's name");
		ConfigurationStore store = Library.store(services);
		TestConfiguration c = store.configuration(name).orElse(null);
		if (c == null || !store.removeConfiguration(c.id())) {
			err.println("deepstress configs: no configuration named '" + name + "'");
			return 1;
		}
		out.println("Removed configuration " + c.name());
		return 0;
	}

	private static String endpointName(EndpointRegistry registry, TestConfiguration c) {
		return registry.find(c.endpointId()).map(Endpoint::name).orElse("(missing endpoint)");
	}

	/** The load, or for a sweep its levels: "closed loop, concurrency 4", "open loop, sweep 5,20 req/s, cap 64". */
	private static String load(TestConfiguration c) {
		if (c.trace() != null) {
			return String.format(Locale.ROOT, "trace replay %s, speed %s, from %s s, tokenizer %s, cap %d", c.trace().file(),
					c.trace().speed(), c.trace().startSeconds(), c.trace().tokenizer(),
					((Load.ClosedLoop) c.load()).concurrency());
		}
		if (c.load() instanceof Load.OpenLoop open) {
			String rate = c.isSweep() ? "sweep " + c.sweepText() : String.format(Locale.ROOT, "%.1f", open.ratePerSecond());
			return String.format(Locale.ROOT, "open loop %s req/s%s, cap %d", rate, open.poisson() ? " (Poisson)" : "",
					open.maxConcurrency());
		}
		return "closed loop, " + (c.isSweep() ? "sweep concurrency " + c.sweepText()
				: "concurrency " + ((Load.ClosedLoop) c.load()).concurrency());
	}

	private static String datasets(TestConfiguration c) {
		return String.join(", ", c.datasets().stream()
				.map(s -> s.weight() == 1 ? s.dataset() : s.dataset() + ":" + s.weight()).toList());
	}
}
