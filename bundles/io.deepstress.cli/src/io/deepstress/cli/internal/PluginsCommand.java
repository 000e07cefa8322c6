package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.deepstress.plugins.Plugin;
import io.deepstress.plugins.PluginException;
import io.deepstress.plugins.PluginManager;
import io.deepstress.plugins.Repositories;

/** {@code deepstress plugins list|available|install|uninstall}: plug-ins from p2 repositories. */
final class PluginsCommand {

	static final String USAGE = """
			usage: deepstress plugins list
			       deepstress plugins available --repo REPOSITORY
			       deepstress plugins install --repo REPOSITORY ID...
			       deepstress plugins uninstall ID...
			  REPOSITORY: a p2 repository: a directory, a .zip file, or a file:, http: or https: URL
			  ID: a plug-in as 'available' lists it; changes take effect the next time DeepStress starts
			""";

	private final Services services;
	private final PrintStream out;

	PluginsCommand(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	int execute(List<String> words) throws Exception {
		Args a = Args.parse(words, Set.of("repo"), Set.of());
		List<String> p = a.positional();
		if (p.isEmpty()) {
			throw new UsageException("say what to do: list, available, install or uninstall");
		}
		List<String> ids = p.subList(1, p.size());
		PluginManager plugins = services.get(PluginManager.class);
		try {
			switch (p.get(0)) {
				case "list" -> {
					List<Plugin> installed = plugins.installed();
					if (installed.isEmpty()) {
						out.println("No plug-ins installed.");
					}
					print(installed, false);
				}
				case "available" -> print(plugins.available(repository(a)), true);
				case "install" -> {
					if (ids.isEmpty()) {
						throw new UsageException("say which plug-ins to install");
					}
					for (Plugin done : plugins.install(repository(a), ids)) {
						out.println("Installed " + done.name() + " " + done.version() + " (" + done.id() + ")");
					}
					out.println("Restart DeepStress to use it.");
				}
				case "uninstall" -> {
					if (ids.isEmpty()) {
						throw new UsageException("say which plug-ins to uninstall");
					}
					for (Plugin done : plugins.uninstall(ids)) {
						out.println("Uninstalled " + done.name() + " " + done.version() + " (" + done.id() + ")");
					}
					out.println("It is gone the next time DeepStress starts.");
				}
				default -> throw new UsageException("unknown plugins command '" + p.get(0) + "'");
			}
		} catch (PluginException e) {
			throw new IllegalStateException(e.getMessage(), e);
		}
		return 0;
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

	private static URI repository(Args a) throws UsageException {
		if (!a.has("repo")) {
			throw new UsageException("--repo REPOSITORY is needed");
		}
		try {
			return Repositories.parse(a.get("repo"));
		} catch (IllegalArgumentException e) {
			throw new UsageException("--repo " + e.getMessage());
		}
	}
}
