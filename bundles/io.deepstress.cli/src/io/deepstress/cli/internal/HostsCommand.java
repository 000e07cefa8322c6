package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuHostRegistry;
import io.deepstress.core.services.SecretStore;

/** {@code deepstress hosts list|add|remove}: the GPU hosts DeepStress watches. */
final class HostsCommand {

	static final String USAGE = """
			usage: deepstress hosts list
			       deepstress hosts add NAME --ssh USER@HOST[:PORT] (--key FILE [--passphrase-env VAR] | --password-env VAR)
			                                [--smi-command PATH]
			       deepstress hosts add NAME --nvml | --smi [--smi-command PATH]
			       deepstress hosts remove NAME
			Passwords and passphrases are read from the named environment variable and kept in Eclipse Secure
			Storage, never in the records database.
			""";

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	HostsCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	int execute(List<String> words) throws Exception {
		Args a = Args.parse(words, Set.of("ssh", "key", "passphrase-env", "password-env", "smi-command"),
				Set.of("nvml", "smi"));
		List<String> p = a.positional();
		if (p.isEmpty()) {
			throw new UsageException("say what to do: list, add or remove");
		}
		GpuHostRegistry registry = services.find(GpuHostRegistry.class, 10_000)
				.orElseThrow(() -> new IllegalStateException("the records store is not available"));
		switch (p.get(0)) {
			case "list" -> {
				for (GpuHost h : registry.hosts()) {
					out.printf(Locale.ROOT, "%-20s %-10s %s%n", h.name(), h.kind().name().toLowerCase(Locale.ROOT),
							h.kind() == GpuHost.Kind.SSH
									? h.user() + "@" + h.hostname() + ":" + h.port() + " (" + h.auth().name().toLowerCase(Locale.ROOT)
											+ (h.keyFile() != null ? " " + h.keyFile() : "") + ")"
									: h.command());
				}
				return 0;
			}
			case "add" -> {
				if (p.size() != 2) {
					throw new UsageException("add takes one host name");
				}
				GpuHost host = host(p.get(1), a);
				String secretVar = a.has("password-env") ? a.get("password-env") : a.get("passphrase-env");
				String secret = null;
				if (secretVar != null) {
					secret = System.getenv(secretVar);
					if (secret == null || secret.isEmpty()) {
						throw new UsageException("environment variable " + secretVar + " is not set or empty");
					}
				}
				try {
					registry.save(host);
				} catch (IllegalArgumentException e) {
					throw new UsageException(e.getMessage());
				}
				if (secret != null) {
					services.get(SecretStore.class).put(host.secretKey(), secret);
				}
				out.println("added GPU host " + host.name());
				return 0;
			}
			case "remove" -> {
				if (p.size() != 2) {
					throw new UsageException("remove takes one host name");
				}
				var host = registry.byName(p.get(1));
				if (host.isEmpty()) {
					err.println("deepstress hosts: no host " + p.get(1));
					return 1;
				}
				registry.remove(host.get().id());
				services.find(SecretStore.class, 5_000).ifPresent(s -> s.remove(host.get().secretKey()));
				out.println("removed GPU host " + host.get().name());
				return 0;
			}
			default -> throw new UsageException("unknown action '" + p.get(0) + "'");
		}
	}

	private static GpuHost host(String name, Args a) throws UsageException {
		String id = UUID.randomUUID().toString();
		try {
			if (a.has("ssh")) {
				String[] target = GpuCommand.sshTarget(a.get("ssh"));
				boolean password = a.has("password-env");
				if (!password && !a.has("key")) {
					throw new UsageException("--ssh needs --key FILE or --password-env VAR");
				}
				if (a.has("key") && !Files.isReadable(Path.of(a.get("key")))) {
					throw new UsageException("cannot read the key file " + a.get("key"));
				}
				return new GpuHost(id, name, GpuHost.Kind.SSH, target[1], Integer.parseInt(target[2]), target[0],
						password ? GpuHost.Auth.PASSWORD : GpuHost.Auth.KEY,
						password ? null : Path.of(a.get("key")).toAbsolutePath().toString(), a.get("smi-command"));
			}
			if (a.has("nvml")) {
				return new GpuHost(id, name, GpuHost.Kind.LOCAL_NVML, null, 0, null, null, null, null);
			}
			if (a.has("smi")) {
				return new GpuHost(id, name, GpuHost.Kind.LOCAL_SMI, null, 0, null, null, null, a.get("smi-command"));
			}
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		throw new UsageException("say how to reach the host: --ssh, --nvml or --smi");
	}
}
