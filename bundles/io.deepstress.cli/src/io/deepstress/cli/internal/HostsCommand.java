package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuHostRegistry;
import io.deepstress.core.services.SecretStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepstress hosts list|add|remove}: the GPU hosts DeepStress watches. */
@Command(name = "hosts", description = "list, add or remove the GPU hosts to watch")
final class HostsCommand implements Callable<Integer> {

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	HostsCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() throws UsageException {
		throw new UsageException("say what to do: list, add or remove");
	}

	@Command(name = "list", description = "the saved GPU hosts")
	int list() throws Exception {
		GpuHostRegistry registry = registry();
		for (GpuHost h : registry.hosts()) {
			out.printf(Locale.ROOT, "%-20s %-10s %s%n", h.name(), h.kind().name().toLowerCase(Locale.ROOT),
					h.kind() == GpuHost.Kind.SSH
							? h.user() + "@" + h.hostname() + ":" + h.port() + " (" + h.auth().name().toLowerCase(Locale.ROOT)
									+ (h.keyFile() != null ? " " + h.keyFile() : "") + ")"
							: h.kind() == GpuHost.Kind.DCGM ? h.hostname() : h.command());
		}
		return 0;
	}

	@Command(name = "add", sortOptions = false, description = { "save a GPU host to watch (names are unique)",
			"Passwords and passphrases are read from the named environment variable and kept in Eclipse Secure"
					+ " Storage, never in the records database." },
			customSynopsis = { "deepstress hosts add NAME --ssh USER@HOST[:PORT] (--key FILE [--passphrase-env VAR] |"
					+ " --password-env VAR) [--smi-command PATH]",
					"       deepstress hosts add NAME --nvml | --smi [--smi-command PATH]",
					"       deepstress hosts add NAME --dcgm URL" })
	int add(@Parameters(paramLabel = "NAME", arity = "0..*", description = "the host's name") List<String> names,
			@Mixin HostOptions options) throws Exception {
		GpuHost host = options.host(Library.single(names, "add takes one host name"));
		String secretVar = options.passwordEnv != null ? options.passwordEnv : options.passphraseEnv;
		String secret = null;
		if (secretVar != null) {
			secret = System.getenv(secretVar);
			if (secret == null || secret.isEmpty()) {
				throw new UsageException("environment variable " + secretVar + " is not set or empty");
			}
		}
		GpuHostRegistry registry = registry();
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

	@Command(name = "remove", description = "forget a GPU host and its secret")
	int remove(@Parameters(paramLabel = "NAME", arity = "0..*", description = "the host's name") List<String> names)
			throws Exception {
		String name = Library.single(names, "remove takes one host name");
		GpuHostRegistry registry = registry();
		var host = registry.byName(name);
		if (host.isEmpty()) {
			err.println("deepstress hosts: no host " + name);
			return 1;
		}
		registry.remove(host.get().id());
		services.find(SecretStore.class, 5_000).ifPresent(s -> s.remove(host.get().secretKey()));
		out.println("removed GPU host " + host.get().name());
		return 0;
	}

	private GpuHostRegistry registry() throws InterruptedException {
		return services.find(GpuHostRegistry.class, 10_000)
				.orElseThrow(() -> new IllegalStateException("the records store is not available"));
	}

	/** How {@code hosts add} reaches the host. */
	static final class HostOptions {
		@Option(names = "--ssh", paramLabel = "USER@HOST[:PORT]", description = "a remote host through SSH")
		String ssh;

		@Option(names = "--key", paramLabel = "FILE", description = "private key for --ssh")
		String key;

		@Option(names = "--passphrase-env", paramLabel = "VAR", description = "the key's passphrase from variable VAR")
		String passphraseEnv;

		@Option(names = "--password-env", paramLabel = "VAR", description = "password authentication, from variable VAR")
		String passwordEnv;

		@Option(names = "--nvml", description = "this computer through NVML")
		boolean nvml;

		@Option(names = "--smi", description = "this computer through nvidia-smi")
		boolean smi;

		@Option(names = "--smi-command", paramLabel = "PATH", description = "the nvidia-smi to run (default nvidia-smi)")
		String smiCommand;

		@Option(names = "--dcgm", paramLabel = "URL", description = "NVIDIA's DCGM exporter, e.g. http://gpu-node:9400/metrics")
		String dcgm;

		GpuHost host(String name) throws UsageException {
			String id = UUID.randomUUID().toString();
			try {
				if (ssh != null) {
					String[] target = GpuCommand.sshTarget(ssh);
					boolean password = passwordEnv != null;
					if (!password && key == null) {
						throw new UsageException("--ssh needs --key FILE or --password-env VAR");
					}
					if (key != null && !Files.isReadable(Path.of(key))) {
						throw new UsageException("cannot read the key file " + key);
					}
					return new GpuHost(id, name, GpuHost.Kind.SSH, target[1], Integer.parseInt(target[2]), target[0],
							password ? GpuHost.Auth.PASSWORD : GpuHost.Auth.KEY,
							password ? null : Path.of(key).toAbsolutePath().toString(), smiCommand);
				}
				if (dcgm != null) {
					return GpuHost.dcgm(id, name, dcgm);
				}
				if (nvml) {
					return new GpuHost(id, name, GpuHost.Kind.LOCAL_NVML, null, 0, null, null, null, null);
				}
				if (smi) {
					return new GpuHost(id, name, GpuHost.Kind.LOCAL_SMI, null, 0, null, null, null, smiCommand);
				}
			} catch (IllegalArgumentException e) {
				throw new UsageException(e.getMessage());
			}
			throw new UsageException("say how to reach the host: --ssh, --dcgm, --nvml or --smi");
		}
	}
}
