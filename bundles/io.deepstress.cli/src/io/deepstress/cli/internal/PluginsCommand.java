package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.deepstress.plugins.Plugin;
import io.deepstress.plugins.PluginException;
import io.deepstress.plugins.PluginManager;
import io.deepstress.plugins.Repositories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepstress plugins list|available|install|uninstall}: plug-ins from p2 repositories. */
@Command(name = "plugins", description = "list, install or uninstall plug-ins from p2 repositories")
final class PluginsCommand implements Callable<Integer> {

	private final Services services;
	private final PrintStream out;

	PluginsCommand(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	@Override
	public Integer call() throws UsageException {
		throw new UsageException("say what to do: list, available, install or uninstall");
	}

	@Command(name = "list", description = "the installed plug-ins")
	int list() throws Exception {
		List<Plugin> installed = manager().installed();
		if (installed.isEmpty()) {
			out.println("No plug-ins installed.");
		}
		print(installed, false);
		return 0;
	}

	@Command(name = "available", description = "the plug-ins a p2 repository offers")
	int available(@Mixin Repository repository) throws Exception {
		URI uri = repository.uri();
		print(p2(() -> manager().available(uri)), true);
		return 0;
	}

	@Command(name = "install", description = "install plug-ins from a p2 repository (they start with the next launch)")
	int install(@Mixin Repository repository,
			@Parameters(paramLabel = "ID", arity = "0..*", description = "a plug-in as 'available' lists it") List<String> ids)
			throws Exception {
		URI uri = repository.uri();
		if (ids == null || ids.isEmpty()) {
			throw new UsageException("say which plug-ins to install");
		}
		for (Plugin done : p2(() -> manager().install(uri, ids))) {
			out.println("Installed " + done.name() + " " + done.version() + " (" + done.id() + ")");
		}
		out.println("Restart DeepStress to use it.");
		return 0;
	}

	@Command(name = "uninstall", description = "uninstall plug-ins (they are gone with the next launch)")
	int uninstall(@Parameters(paramLabel = "ID", arity = "0..*", description = "an installed plug-in") List<String> ids)
			throws Exception {
		if (ids == null || ids.isEmpty()) {
			throw new UsageException("say which plug-ins to uninstall");
		}
		for (Plugin done : p2(() -> manager().uninstall(ids))) {
			out.println("Uninstalled " + done.name() + " " + done.version() + " (" + done.id() + ")");
		}
		out.println("It is gone the next time DeepStress starts.");
		return 0;
	}

	private PluginManager manager() throws InterruptedException {
		return services.get(PluginManager.class);
	}

	/** p2 work whose refusal ({@link PluginException}) is reported as a failure (exit 1) with its message. */
	private static <T> T p2(P2Call<T> work) throws Exception {
		try {
			return work.call();
		} catch (PluginException e) {
			throw new IllegalStateException(e.getMessage(), e);
		}
	}

	private interface P2Call<T> {
		T call() throws Exception;
	}

	/** {@code --repo}: the p2 repository to install from. */
	static final class Repository {
		@Option(names = "--repo", paramLabel = "REPOSITORY", description = { "a p2 repository: a directory, a .zip"
				+ " file, or a file:, http: or https: URL" })
		String repo;

		URI uri() throws UsageException {
			if (repo == null) {
				throw new UsageException("--repo REPOSITORY is needed");
			}
			try {
				return Repositories.parse(repo);
			} catch (IllegalArgumentException e) {
				throw new UsageException("--repo " + e.getMessage());
			}
		}
	}

	private void print(List<Plugin> plugins, boolean state) {
		if (plugins.isEmpty()) {
			return;
		}
		out.printf(Locale.ROOT, "%-40s  %-24s  %-32s%s%n", "id", "version", "name", state ? "  state" : "");
		for (Plugin p : plugins) {
			out.printf(Locale.ROOT, "%-40s  %-24s  %-32s%s%n", p.id(), p.version(), p.name(),
					state ? (p.installed() ? "  installed" : "  -") : "");
		}
	}
}
