package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.deepstress.core.model.Endpoint;
import io.deepstress.core.launch.SweepLevels;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.EndpointRegistry;

/** {@code deepstress configs list|show|add|remove}: saved test configurations. */
final class ConfigsCommand {

	static final String USAGE = """
			usage: deepstress configs list
			       deepstress configs show NAME
			       deepstress configs add NAME --endpoint NAME [--dataset NAME[:WEIGHT]]... [run options]
			       deepstress configs remove NAME
			  run options as for deepstress run: --concurrency --rate --poisson --requests --duration --warmup
			  --max-tokens --temperature --extra-body --no-stream --retries --connect-timeout
			  --first-token-timeout --timeout (timeouts default to the endpoint's)
			  --sweep L1,L2,...  a sweep: one run per concurrency (closed loop) or rate (open loop) level, in
			                     this order, one batch (run options above apply to every level)
			  without --dataset the built-in prompts are used; add replaces a configuration of the same name
			  run saved configurations with: deepstress run --config NAME [--config NAME]...
			""";

	private static final Set<String> VALUED = Set.of("endpoint", "dataset", "concurrency", "rate", "requests",
			"duration", "warmup", "max-tokens", "temperature", "extra-body", "retries", "connect-timeout",
			"first-token-timeout", "timeout", "sweep");

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	ConfigsCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	int execute(List<String> words) throws Exception {
		Args a = Args.parse(words, VALUED, Set.of("no-stream", "poisson"));
		List<String> p = a.positional();
		if (p.isEmpty()) {
			throw new UsageException("say what to do: list, show, add or remove");
		}
		ConfigurationStore store = Library.store(services);
		EndpointRegistry registry = services.get(EndpointRegistry.class);
		switch (p.get(0)) {
			case "list" -> {
				out.printf(Locale.ROOT, "%-28s  %-24s  %-30s  %s%n", "name", "endpoint", "load", "datasets");
				for (TestConfiguration c : store.configurations()) {
					out.printf(Locale.ROOT, "%-28s  %-24s  %-30s  %s%n", c.name(), endpointName(registry, c), load(c),
							datasets(c));
				}
				return 0;
			}
			case "show" -> {
				String name = Library.single(p, "show takes the configuration's name");
				TestConfiguration c = store.configuration(name).orElse(null);
				if (c == null) {
					err.println("deepstress configs: no configuration named '" + name + "'");
					return 1;
				}
				out.println("configuration " + c.name());
				out.println("  endpoint    " + endpointName(registry, c));
				out.println("  datasets    " + datasets(c));
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
				return 0;
			}
			case "add" -> {
				String name = Library.single(p, "add takes the configuration's name");
				if (!a.has("endpoint")) {
					throw new UsageException("add needs --endpoint NAME (see deepstress endpoints list)");
				}
				Endpoint e = Library.endpoint(registry, a.get("endpoint")).orElseThrow(() -> new UsageException(
						"no endpoint named '" + a.get("endpoint") + "' (see deepstress endpoints list)"));
				List<TestConfiguration.Share> shares = new ArrayList<>();
				Set<String> seen = new HashSet<>();
				for (String spec : a.all("dataset")) {
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
				List<Double> levels = RunCommand.sweepLevels(a.get("sweep"));
				RunConfig parsed = RunCommand.config(a, "http://127.0.0.1:1/v1", e.model());
				boolean ownTimeouts = a.has("connect-timeout") || a.has("first-token-timeout") || a.has("timeout");
				TestConfiguration existing = store.configuration(name).orElse(null);
				TestConfiguration c;
				try {
					SweepLevels.check(levels, parsed.load());
					c = new TestConfiguration(existing != null ? existing.id() : java.util.UUID.randomUUID().toString(),
							name, e.id(), shares, parsed.load(), parsed.limits(), parsed.request(),
							ownTimeouts ? parsed.timeouts() : null, parsed.retry(), levels);
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
			case "remove" -> {
				String name = Library.single(p, "remove takes the configuration's name");
				TestConfiguration c = store.configuration(name).orElse(null);
				if (c == null || !store.removeConfiguration(c.id())) {
					err.println("deepstress configs: no configuration named '" + name + "'");
					return 1;
				}
				out.println("Removed configuration " + c.name());
				return 0;
			}
			default -> throw new UsageException("unknown action '" + p.get(0) + "'");
		}
	}

	private static String endpointName(EndpointRegistry registry, TestConfiguration c) {
		return registry.find(c.endpointId()).map(Endpoint::name).orElse("(missing endpoint)");
	}

	/** The load, or for a sweep its levels: "closed loop, concurrency 4", "open loop, sweep 5,20 req/s, cap 64". */
	private static String load(TestConfiguration c) {
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
