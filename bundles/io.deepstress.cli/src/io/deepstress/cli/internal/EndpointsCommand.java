package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.deepstress.core.model.Endpoint;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.core.services.SecretStore;

/** {@code deepstress endpoints list|add|remove}: the saved model endpoints. */
final class EndpointsCommand {

	static final String USAGE = """
			usage: deepstress endpoints list
			       deepstress endpoints add NAME --url URL --model NAME [--api chat|completions]
			                                [--header 'NAME: VALUE']... [--insecure] [--api-key-env VAR]
			                                [--connect-timeout S] [--first-token-timeout S] [--timeout S]
			       deepstress endpoints remove NAME
			  add replaces an endpoint of the same name; the API key goes to secure storage, never to the
			  records database; --insecure accepts any TLS certificate (self-signed lab servers)
			""";

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	EndpointsCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	int execute(List<String> words) throws Exception {
		Args a = Args.parse(words, Set.of("url", "model", "api", "header", "api-key-env", "connect-timeout",
				"first-token-timeout", "timeout"), Set.of("insecure"));
		List<String> p = a.positional();
		if (p.isEmpty()) {
			throw new UsageException("say what to do: list, add or remove");
		}
		EndpointRegistry registry = services.get(EndpointRegistry.class);
		switch (p.get(0)) {
			case "list" -> {
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
			case "add" -> {
				String name = Library.single(p, "add takes the endpoint's name");
				String url = a.get("url");
				String model = a.get("model");
				if (url == null || model == null) {
					throw new UsageException("add needs --url and --model");
				}
				RunConfig parsed = RunOptions.config(a, url, model); // the same checks as deepstress run
				Endpoint existing = Library.endpoint(registry, name).orElse(null);
				Endpoint e;
				try {
					e = new Endpoint(existing != null ? existing.id() : java.util.UUID.randomUUID().toString(), name, url,
							parsed.target().apiKind(), model, parsed.target().headers(), !a.has("insecure"),
							parsed.timeouts());
				} catch (IllegalArgumentException bad) {
					throw new UsageException(bad.getMessage());
				}
				registry.save(e);
				if (parsed.target().apiKey() != null) {
					services.get(SecretStore.class).put(e.secretKey(), parsed.target().apiKey());
				}
				out.println((existing != null ? "Updated" : "Added") + " endpoint " + e.name() + " (" + e.baseUrl() + ", "
						+ e.model() + ")" + (parsed.target().apiKey() != null ? "; API key in secure storage" : ""));
				return 0;
			}
			case "remove" -> {
				String name = Library.single(p, "remove takes the endpoint's name");
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
			default -> throw new UsageException("unknown action '" + p.get(0) + "'");
		}
	}

}
