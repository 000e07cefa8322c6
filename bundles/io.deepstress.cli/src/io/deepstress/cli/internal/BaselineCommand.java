package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.deepstress.core.verdict.BaselineStore;
import io.deepstress.core.verdict.BaselineStore.Baseline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepstress runs baseline [RUN_ID] [--clear SCOPE]}: the baselines new runs are judged against. */
@Command(name = "baseline", description = "mark a run as the baseline of its configuration, or list the baselines",
		footer = { "", "A run's baseline is kept per saved configuration (runs of no configuration: per run name).",
				"Judge a run against it with: deepstress runs compare RUN_ID --verdict [--fail-on-regression]" })
final class BaselineCommand implements Callable<Integer> {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(ZoneId.systemDefault());

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	@Parameters(paramLabel = "RUN_ID", arity = "0..*", description = "the run to mark; without one, list the baselines")
	List<String> ids;

	@Option(names = "--clear", paramLabel = "SCOPE", description = "forget the baseline of this configuration (or run name)")
	String clear;

	BaselineCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() throws Exception {
		if (ids != null && ids.size() > 1) {
			throw new UsageException("baseline takes one run id");
		}
		if (clear != null && ids != null && !ids.isEmpty()) {
			throw new UsageException("give a run id to mark or --clear SCOPE, not both");
		}
		BaselineStore baselines = services.find(BaselineStore.class, 10_000).orElse(null);
		if (baselines == null) {
			err.println("deepstress runs: the records store is not available");
			return 1;
		}
		if (clear != null) {
			if (!baselines.clear(clear)) {
				err.println("deepstress runs: no baseline for '" + clear + "'");
				return 1;
			}
			out.println("cleared the baseline of '" + clear + "'");
			return 0;
		}
		if (ids == null || ids.isEmpty()) {
			List<Baseline> all = baselines.list();
			out.printf(Locale.ROOT, "%-30s  %-36s  %s%n", "configuration (or run name)", "baseline run", "marked");
			for (Baseline b : all) {
				out.printf(Locale.ROOT, "%-30s  %-36s  %s%n", b.scope(), b.runId(),
						TIME.format(Instant.ofEpochMilli(b.markedEpochMillis())));
			}
			out.println(all.size() + " baseline" + (all.size() == 1 ? "" : "s"));
			return 0;
		}
		try {
			Baseline b = baselines.mark(ids.get(0));
			out.println("run " + b.runId() + " is the baseline of '" + b.scope() + "'");
			return 0;
		} catch (IllegalArgumentException e) {
			err.println("deepstress runs: " + e.getMessage());
			return 1;
		}
	}
}
