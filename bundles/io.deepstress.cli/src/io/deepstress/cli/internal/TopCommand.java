package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code deepstress COMMAND ...}: the command tree (picocli), its help and its exit codes: 0 done (even when
 * requests failed), 2 a bad command line or configuration (the message, then the command's usage), 1 anything
 * else (a service refused, the records database unavailable, a run not completely saved, an error).
 */
@Command(name = "deepstress", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
		versionProvider = TopCommand.Version.class, description = "DeepStress on the command line (no display needed).",
		footer = { "", "'deepstress help COMMAND' or 'deepstress COMMAND --help' shows a command's options;",
				"'source <(deepstress completion)' completes commands and options in bash.",
				"Without a command, ./deepstress starts the workbench." })
final class TopCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	private final PrintStream err;

	private TopCommand(PrintStream err) {
		this.err = err;
	}

	/** Without a command: the usage on stderr, exit 2. */
	@Override
	public Integer call() {
		spec.commandLine().usage(err);
		return 2;
	}

	/** Runs one command line and returns its exit code. */
	static int run(List<String> args, Services services, PrintStream out, PrintStream err) {
		return commandLine(services, out, err).execute(args.toArray(String[]::new));
	}

	/** The whole command tree, printing to {@code out} and {@code err}. */
	static CommandLine commandLine(Services services, PrintStream out, PrintStream err) {
		CommandLine cli = new CommandLine(new TopCommand(err));
		cli.addSubcommand(new RunOptions(services, out, err));
		cli.addSubcommand(new CapacityCommand(services, out, err));
		cli.addSubcommand(new SimulateCommand(out, err));
		cli.addSubcommand(new ProbeCommand(services, out, err));
		cli.addSubcommand(new SelfcheckCommand(services, out, err));
		cli.addSubcommand(new RunsCommand(services, out, err));
		cli.getSubcommands().get("runs").addSubcommand(new BaselineCommand(services, out, err));
		cli.getSubcommands().get("runs").addSubcommand(new SearchesCommand(services, out, err));
		cli.addSubcommand(new ReportCommand(services, out, err));
		cli.addSubcommand(new GpuCommand(services, out, err));
		cli.addSubcommand(new HostsCommand(services, out, err));
		cli.addSubcommand(new EndpointsCommand(services, out, err));
		cli.addSubcommand(new DatasetsCommand(services, out, err));
		cli.addSubcommand(new ConfigsCommand(services, out, err));
		cli.addSubcommand(new PluginsCommand(services, out));
		cli.addSubcommand(new DbCommand(services, out));
		cli.addSubcommand("completion", new AutoComplete.GenerateCompletion());
		cli.addSubcommand(new HelpCommand());
		cli.setUsageHelpWidth(100);
		// as the hand-written parser did: a repeated option's last value counts, '@' starts no argument file
		cli.setOverwrittenOptionsAllowed(true);
		cli.setExpandAtFiles(false);
		cli.setOut(new PrintWriter(out, true));
		cli.setErr(new PrintWriter(err, true));
		cli.setParameterExceptionHandler(TopCommand::badCommandLine);
		cli.setExecutionExceptionHandler(TopCommand::failed);
		return cli;
	}

	/**
	 * A command line picocli refused: the message, suggestions for a misspelt word, the command's usage; 2. With
	 * --help or -h anywhere on it, as before picocli, only the usage (stdout, 0).
	 */
	private static int badCommandLine(ParameterException e, String[] args) {
		CommandLine command = e.getCommandLine();
		if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
			command.usage(command.getOut());
			return 0;
		}
		PrintWriter err = command.getErr();
		err.println(command.getCommandSpec().qualifiedName() + ": " + message(e));
		if (e instanceof UnmatchedArgumentException unmatched) {
			UnmatchedArgumentException.printSuggestions(unmatched, err);
		}
		command.usage(err);
		return 2;
	}

	/** The message for a refused command line, worded as the commands word their own checks. */
	static String message(ParameterException e) {
		if (e.getCause() instanceof TypeConversionException bad && e.getArgSpec() instanceof OptionSpec option) {
			return option.longestName() + " " + bad.getMessage();
		}
		if (e instanceof MissingParameterException missing && missing.getMissing().size() == 1
				&& missing.getMissing().get(0) instanceof OptionSpec option) {
			return option.longestName() + " needs a value";
		}
		if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
			String word = unmatched.getUnmatched().get(0);
			CommandSpec spec = e.getCommandLine().getCommandSpec();
			if (unmatched.isUnknownOption()) {
				return "unknown option " + word;
			}
			if (spec.parent() == null) {
				return "unknown command '" + word + "'";
			}
			return spec.subcommands().isEmpty() ? "unexpected argument '" + word + "'" : "unknown action '" + word + "'";
		}
		return e.getMessage();
	}

	/** An exception from a command: a {@link UsageException} exits 2 with the usage, everything else 1. */
	private static int failed(Exception e, CommandLine command, ParseResult parsed) {
		PrintWriter err = command.getErr();
		String name = command.getCommandSpec().qualifiedName();
		if (e instanceof UsageException) {
			err.println(name + ": " + e.getMessage());
			command.usage(err);
			return 2;
		}
		if (e instanceof InterruptedException) {
			Thread.currentThread().interrupt();
			return 1;
		}
		// refused by a service (a duplicate name, a dataset in use, the records database unavailable)
		err.println(name + ": " + (e instanceof IllegalArgumentException || e instanceof IllegalStateException
				? e.getMessage() : e.toString()));
		return 1;
	}

	/** {@code --version}: the command-line bundle's version. */
	static final class Version implements IVersionProvider {
		@Override
		public String[] getVersion() {
			Bundle bundle = FrameworkUtil.getBundle(TopCommand.class);
			return new String[] { "DeepStress " + (bundle == null ? "(unknown version)" : bundle.getVersion()) };
		}
	}
}
