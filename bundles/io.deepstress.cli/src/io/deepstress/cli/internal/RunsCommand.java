package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.deepstress.core.metrics.RunComparison;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;

/** {@code deepstress runs list|show|delete}: the records store from the command line. */
final class RunsCommand {

	static final String USAGE = """
			usage: deepstress runs list [--status running|completed|cancelled|error|interrupted] [--endpoint NAME]
			                            [--config NAME] [--batch ID] [--since DATE] [--until DATE]
			                            [--sort start|name|status|total|rps|ttft] [--asc] [--page N] [--limit N]
			       deepstress runs show RUN_ID
			       deepstress runs compare RUN_ID RUN_ID...     (the first is the baseline)
			       deepstress runs export RUN_ID [--format json|csv] [--out FILE]
			       deepstress runs import FILE.json
			       deepstress runs delete RUN_ID
			  DATE: 2026-11-25 (local midnight) or 2026-11-25T14:00:00Z; --until is exclusive
			""";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(ZoneId.systemDefault());

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	RunsCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	int execute(List<String> words) throws Exception {
		Args a = Args.parse(words, Set.of("status", "page", "limit", "format", "out", "endpoint", "config", "batch",
				"since", "until", "sort"), Set.of("asc"));
		List<String> p = a.positional();
		if (p.isEmpty()) {
			throw new UsageException("say what to do: list, show or delete");
		}
		RunStore store = services.find(RunStore.class, 10_000).orElse(null);
		if (store == null) {
			err.println("deepstress runs: the records store is not available");
			return 1;
		}
		try {
			switch (p.get(0)) {
				case "list" -> {
					RunStatus status = null;
					if (a.has("status")) {
						try {
							status = RunStatus.valueOf(a.get("status").toUpperCase(Locale.ROOT));
						} catch (IllegalArgumentException e) {
							throw new UsageException("unknown status '" + a.get("status") + "'");
						}
					}
					int limit = (int) a.positiveLong("limit", 20);
					int page = (int) a.nonNegativeLong("page", 0);
					RunQuery.Sort sort = switch (a.get("sort", "start")) {
						case "start" -> RunQuery.Sort.START;
						case "name" -> RunQuery.Sort.NAME;
						case "status" -> RunQuery.Sort.STATUS;
						case "total" -> RunQuery.Sort.TOTAL;
						case "rps" -> RunQuery.Sort.REQUESTS_PER_S;
						case "ttft" -> RunQuery.Sort.TTFT_P50;
						default -> throw new UsageException("--sort must be start, name, status, total, rps or ttft");
					};
					RunQuery query = new RunQuery(status, a.get("endpoint"), a.get("config"), a.get("batch"),
							instant(a.get("since"), "since"), instant(a.get("until"), "until"), sort, !a.has("asc"), page,
							limit);
					List<RunRecord> runs = store.list(query);
					out.printf(Locale.ROOT, "%-36s  %-19s  %-11s  %7s  %7s  %8s  %9s  %s%n", "run", "started", "status",
							"total", "failed", "req/s", "TTFT p50", "name / load");
					for (RunRecord record : runs) {
						RunSummary r = record.summary();
						out.printf(Locale.ROOT, "%-36s  %-19s  %-11s  %7d  %7d  %8.2f  %9s  %s / %s%s%n", r.runId(),
								TIME.format(Instant.ofEpochMilli(r.startEpochMillis())),
								r.status().name().toLowerCase(Locale.ROOT), r.total(), r.failed(), r.requestsPerSecond(),
								Double.isNaN(r.ttft().p50()) ? "-" : String.format(Locale.ROOT, "%.1f ms", r.ttft().p50()),
								r.name(), r.loadDescription() == null ? "-" : r.loadDescription(),
								record.origin().endpointName() == null ? "" : " @ " + record.origin().endpointName());
					}
					out.printf(Locale.ROOT, "%d of %d runs (page %d)%n", runs.size(), store.count(query), page);
					return 0;
				}
				case "compare" -> {
					if (p.size() < 3) {
						throw new UsageException("compare takes two or more run ids");
					}
					RunComparison cmp;
					try {
						cmp = store.compare(p.subList(1, p.size()));
					} catch (IllegalArgumentException e) {
						err.println("deepstress runs: " + e.getMessage());
						return 1;
					}
					out.print(Reports.comparison(cmp));
					return 0;
				}
				case "show" -> {
					String id = single(p);
					var run = store.find(id);
					if (run.isEmpty()) {
						err.println("deepstress runs: no run " + id);
						return 1;
					}
					var record = store.record(id).orElseThrow();
					out.print(Reports.table(run.get(), record.endpointUrl() == null ? "(stored)" : record.endpointUrl()));
					var origin = record.origin();
					if (origin.endpointName() != null || origin.configurationName() != null || origin.batchId() != null) {
						out.println("  origin      " + (origin.configurationName() != null ? "configuration "
								+ origin.configurationName() + ", " : "") + (origin.endpointName() != null ? "endpoint "
										+ origin.endpointName() : "") + (origin.batchId() != null ? ", batch " + origin.batchId() : ""));
					}
					out.println("  samples     " + store.samples(id).size() + " attempts stored");
					var gpu = store.gpuSamples(id);
					out.println("  gpu         " + gpu.size() + " GPU samples stored"
							+ (gpu.isEmpty() ? "" : " (" + gpu.stream().map(g -> g.host() + "/" + g.index()).distinct().count() + " GPUs)"));
					return 0;
				}
				case "delete" -> {
					String id = single(p);
					if (!store.delete(id)) {
						err.println("deepstress runs: no run " + id);
						return 1;
					}
					out.println("deleted run " + id);
					return 0;
				}
				case "export" -> {
					String id = single(p);
					String format = a.get("format", "json");
					String text;
					try {
						text = switch (format) {
							case "json" -> store.exportJson(id) + "\n";
							case "csv" -> store.exportCsv(id);
							default -> throw new UsageException("--format must be json or csv, got '" + format + "'");
						};
					} catch (IllegalArgumentException e) {
						err.println("deepstress runs: " + e.getMessage());
						return 1;
					}
					if (a.has("out")) {
						java.nio.file.Files.writeString(java.nio.file.Path.of(a.get("out")), text);
						out.println("exported run " + id + " to " + a.get("out"));
					} else {
						out.print(text);
					}
					return 0;
				}
				case "import" -> {
					String file = single(p);
					String text;
					try {
						text = java.nio.file.Files.readString(java.nio.file.Path.of(file));
					} catch (java.io.IOException e) {
						throw new UsageException("cannot read " + file + ": " + e.getMessage());
					}
					try {
						out.println("imported run " + store.importJson(text));
						return 0;
					} catch (IllegalArgumentException e) {
						err.println("deepstress runs: " + file + ": " + e.getMessage());
						return 1;
					}
				}
				default -> throw new UsageException("unknown action '" + p.get(0) + "'");
			}
		} catch (IllegalStateException e) {
			err.println("deepstress runs: " + e.getMessage());
			return 1;
		}
	}

	/** A date (local midnight) or an ISO instant; null for null. */
	private static Instant instant(String text, String option) throws UsageException {
		if (text == null) {
			return null;
		}
		try {
			if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
				return java.time.LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant();
			}
			return Instant.parse(text);
		} catch (java.time.format.DateTimeParseException e) {
			throw new UsageException("--" + option + " must be a date like 2026-11-25 or an instant like"
					+ " 2026-11-25T14:00:00Z, got '" + text + "'");
		}
	}

	private static String single(List<String> p) throws UsageException {
		if (p.size() != 2) {
			throw new UsageException(p.get(0) + " takes one run id");
		}
		return p.get(1);
	}
}
