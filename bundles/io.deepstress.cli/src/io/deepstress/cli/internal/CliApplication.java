package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.FrameworkUtil;

/**
 * The headless application ({@code -application io.deepstress.cli.app}), reached through
 * {@code ./deepstress run|simulate ...}. Exit codes: 0 done (even when requests failed), 2 bad command
 * line or configuration, 1 anything else.
 */
public final class CliApplication implements IApplication {

	static final String USAGE = """
			usage: deepstress COMMAND [options]
			  run        load-test an OpenAI-compatible endpoint and print statistics
			  simulate   run the built-in OpenAI-compatible simulator until stopped
			  runs       list, show or delete stored runs
			  gpu        watch GPU telemetry (gpu watch --help)
			  hosts      list, add or remove the GPU hosts to watch
			  endpoints  list, add or remove saved model endpoints
			  datasets   list, import or remove saved prompt datasets
			  configs    list, show, add or remove saved test configurations
			  plugins    list, install or uninstall plug-ins from p2 repositories
			  help       this text; 'deepstress COMMAND --help' for a command's options
			Without a command, ./deepstress starts the workbench.
			""";

	@Override
	public Object start(IApplicationContext context) throws Exception {
		String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
		context.applicationRunning();
		try (Services services = new Services(FrameworkUtil.getBundle(getClass()).getBundleContext())) {
			return run(args == null ? List.of() : List.of(args), services, System.out, System.err);
		}
	}

	static int run(List<String> args, Services services, PrintStream out, PrintStream err) {
		if (args.isEmpty() || List.of("help", "--help", "-h").contains(args.get(0))) {
			(args.isEmpty() ? err : out).print(USAGE);
			return args.isEmpty() ? 2 : 0;
		}
		String command = args.get(0);
		List<String> rest = args.subList(1, args.size());
		String usage = switch (command) {
			case "run" -> RunOptions.USAGE;
			case "simulate" -> SimulateCommand.USAGE;
			case "runs" -> RunsCommand.USAGE;
			case "gpu" -> GpuCommand.USAGE;
			case "hosts" -> HostsCommand.USAGE;
			case "endpoints" -> EndpointsCommand.USAGE;
			case "datasets" -> DatasetsCommand.USAGE;
			case "configs" -> ConfigsCommand.USAGE;
			case "plugins" -> PluginsCommand.USAGE;
			default -> null;
		};
		if (usage == null) {
			err.println("deepstress: unknown command '" + command + "'");
			err.print(USAGE);
			return 2;
		}
		if (rest.contains("--help") || rest.contains("-h")) {
			out.print(usage);
			return 0;
		}
		try {
			return switch (command) {
				case "run" -> new RunCommand(services, out, err).execute(RunOptions.parse(rest));
				case "runs" -> new RunsCommand(services, out, err).execute(rest);
				case "gpu" -> new GpuCommand(services, out, err).execute(rest);
				case "hosts" -> new HostsCommand(services, out, err).execute(rest);
				case "endpoints" -> new EndpointsCommand(services, out, err).execute(rest);
				case "datasets" -> new DatasetsCommand(services, out, err).execute(rest);
				case "configs" -> new ConfigsCommand(services, out, err).execute(rest);
				case "plugins" -> new PluginsCommand(services, out).execute(rest);
				default -> new SimulateCommand(out, err).execute(rest);
			};
		} catch (UsageException e) {
			err.println("deepstress " + command + ": " + e.getMessage());
			err.print(usage);
			return 2;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return 1;
		} catch (IllegalArgumentException | IllegalStateException e) {
			// refused by a service (a duplicate name, a dataset in use, the records database unavailable)
			err.println("deepstress " + command + ": " + e.getMessage());
			return 1;
		} catch (Exception e) {
			err.println("deepstress " + command + ": " + e);
			return 1;
		}
	}

	@Override
	public void stop() {
		// the commands end by themselves; a shutdown hook cancels a running test
	}
}
