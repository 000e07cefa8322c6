package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.deepstress.core.capacity.CapacityRecord;
import io.deepstress.core.capacity.CapacityStore;
import io.deepstress.core.slo.SloFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepstress runs searches}: the capacity searches stored with their batches, complete or partial. */
@Command(name = "searches", description = "the stored capacity searches (complete or partial) with their batches",
		footer = { "", "A partial search (stopped, interrupted or killed) continues with:",
				"  deepstress capacity ... --resume BATCH_ID   (the same target, --slo and range)",
				"Its report: deepstress report --batch BATCH_ID --out FILE.html" })
final class SearchesCommand implements Callable<Integer> {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(ZoneId.systemDefault());

	@Option(names = "--partial", description = "only the searches that did not reach their end")
	boolean partial;

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	SearchesCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() throws Exception {
		CapacityStore searches = services.find(CapacityStore.class, 10_000).orElse(null);
		if (searches == null) {
			err.println("deepstress runs: the records store is not available");
			return 1;
		}
		List<CapacityRecord> all = searches.list().stream().filter(r -> !partial || !r.complete()).toList();
		out.printf(Locale.ROOT, "%-36s  %-8s  %-19s  %6s  %s%n", "batch", "status", "started", "levels", "answer");
		for (CapacityRecord r : all) {
			out.printf(Locale.ROOT, "%-36s  %-8s  %-19s  %6d  %s%n", r.batchId(), r.status(),
					TIME.format(Instant.ofEpochMilli(r.startedMillis())), r.levels().size(), answer(r));
		}
		out.println(all.size() + (partial ? " partial" : "") + " capacity search" + (all.size() == 1 ? "" : "es"));
		return 0;
	}

	private static String answer(CapacityRecord r) {
		if (r.complete() || r.found()) {
			return r.message();
		}
		return "none yet (" + r.stop() + "; " + r.by().name().toLowerCase(Locale.ROOT) + " " + SloFormat.trim(r.min())
				+ " to " + SloFormat.trim(r.max()) + ", SLO " + r.slo() + ")";
	}
}
