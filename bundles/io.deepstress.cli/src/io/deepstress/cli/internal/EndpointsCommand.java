package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.deepstress.core.model.Endpoint;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.core.services.SecretStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepstress endpoints list|add|remove}: the saved model endpoints. */
@Command(name = "endpoints", description = "list, add or remove saved model endpoints")
final class EndpointsCommand implements Callable<Integer> {

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	EndpointsCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() throws UsageException {
		throw new UsageException("say what to do: list, add or remove");
	}

	@Command(name = "list", description = "the saved endpoints (the built-in simulator among them)")
	int list() throws Exception {
		EndpointRegistry registry = services.get(EndpointRegistry.class);
		out.printf(Locale.ROOT, "%-24s  %-11s  %-24s  %s%n", "name", "api", "model", "url");
		SecretStore secrets = services.find(SecretStore.class, 2_000).orElse(null);
		for (Endpoint e : registry.list()) {
			boolean key = secrets != null && secrets.get(e.secretKey()).isPresent();
			out.printf(Locale.ROOT, "%-24s  %-11s  %-24s  %s%s%s%s%n", e.name(),
					e.apiKind().name().toLowerCase(Locale.ROOT), e.model(), e.baseUrl(), key ? "  (API key set)" : "",
					e.headers().isEmpty() ? "" : "  headers " + e.headers().keySet(),
					e.verifyTls() ? "" : "  (TLS not verified)");
		}
		return 0;
	}

	@Command(name = "add", sortOptions = false, description = { "save an endpoint; add replaces an endpoint of the same"
			+ " name; the API key goes to secure storage, never to the records database" })
	int add(@Parameters(paramLabel = "NAME", arity = "0..*", description = "the endpoint's name") List<String> names,
			@Mixin TargetOptions target, @Mixin TimeoutOptions timeouts,
			@Option(names = "--insecure", description = "accept any TLS certificate (self-signed lab servers)")
			boolean insecure,
			@Option(names = "--secret-header", paramLabel = "'NAME: VALUE'", description = { "an extra request header"
					+ " whose value is a secret (repeatable): kept in secure storage, only its name in the records"
					+ " database; a --header whose name looks like a credential (Authorization, *key*, *token*,"
					+ " *secret*) is kept so too" }) List<String> secretHeaders) throws Exception {
		String name = Library.single(names, "add takes the endpoint's name");
		String url = target.url;
		String model = target.model;
		if (url == null || model == null) {
			throw new UsageException("add needs --url and --model");
		}
		// the same checks as deepstress run
		java.util.Set<String> secretNames = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		if (secretHeaders != null) {
			for (String h : secretHeaders) {
				int colon = h.indexOf(':');
				if (colon <= 0) {
					throw new UsageException("--secret-header must look like 'Name: value', got a value without a name");
				}
				secretNames.add(h.substring(0, colon).strip());
				target.headers.add(h);
			}
		}
		RunConfig parsed = RunOptions.config("cli", target, new TestOptions(), timeouts, List.of(), url, model);
		EndpointRegistry registry = services.get(EndpointRegistry.class);
		Endpoint existing = Library.endpoint(registry, name).orElse(null);
		Endpoint e;
		try {
			e = new Endpoint(existing != null ? existing.id() : java.util.UUID.randomUUID().toString(), name, url,
					parsed.target().apiKind(), model, parsed.target().headers(), !insecure,
					parsed.timeouts());
		} catch (IllegalArgumentException bad) {
			throw new UsageException(bad.getMessage());
		}
		try {
			registry.save(e, secretNames);
		} catch (IllegalStateException noSecureStorage) {
			err.println("deepstress endpoints: " + noSecureStorage.getMessage());
			return 1;
		}
		if (parsed.target().apiKey() != null) {
			services.get(SecretStore.class).put(e.secretKey(), parsed.target().apiKey());
		}
		out.println((existing != null ? "Updated" : "Added") + " endpoint " + e.name() + " (" + e.baseUrl() + ", "
				+ e.model() + ")" + (parsed.target().apiKey() != null ? "; API key in secure storage" : "")
				+ secretNote(io.deepstress.core.model.SecretHeaders.of(e, secretNames)));
		return 0;
	}

	private static String secretNote(java.util.Set<String> secret) {
		return secret.isEmpty() ? "" : "; header value(s) of " + String.join(", ", secret) + " in secure storage";
	}

	@Command(name = "remove", description = "forget an endpoint and its API key (not one a configuration uses)")
	int remove(@Parameters(paramLabel = "NAME", arity = "0..*", description = "the endpoint's name") List<String> names)
			throws Exception {
		String name = Library.single(names, "remove takes the endpoint's name");
		EndpointRegistry registry = services.get(EndpointRegistry.class);
		Endpoint e = Library.endpoint(registry, name).orElse(null);
		if (e == null) {
			err.println("deepstress endpoints: no endpoint named '" + name + "'");
			return 1;
		}
		registry.remove(e.id());
		services.find(SecretStore.class, 2_000).ifPresent(s -> s.remove(e.secretKey()));
		out.println("Removed endpoint " + e.name());
		return 0;
	}
}
