package io.deepstress.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.deepstress.core.metrics.RunComparison;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepstress runs list|show|compare|merge|export|import|delete}: the records store from the command line. */
@Command(name = "runs", description = "list, show, compare, merge, export, import or delete stored runs")
final class RunsCommand implements Callable<Integer> {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(ZoneId.systemDefault());

	/** The --sort keys, for help and shell completion. */
	static final class SortKeys implements Iterable<String> {
		@Override
		public java.util.Iterator<String> iterator() {
			return List.of("start", "name", "status", "total", "rps", "ttft").iterator();
		}
	}

	/** The --status values, for help and shell completion. */
	static final class Statuses implements Iterable<String> {
		@Override
		public java.util.Iterator<String> iterator() {
			return java.util.Arrays.stream(RunStatus.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).iterator();
		}
	}

	/** The --format values, for help and shell completion. */
	static final class Formats implements Iterable<String> {
		@Override
		public java.util.Iterator<String> iterator() {
			return List.of("json", "csv").iterator();
		}
	}

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	RunsCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() throws UsageException {
		throw new UsageException("say what to do: list, show, compare, merge, export, import or delete");
	}

	@Command(name = "list", description = "the stored runs, newest first unless sorted otherwise",
			footer = { "", "DATE: 2026-11-25 (local midnight) or 2026-11-25T14:00:00Z; --until is exclusive" })
	int list(@Option(names = "--status", paramLabel = "STATUS", completionCandidates = Statuses.class,
			description = "only runs in this state: ${COMPLETION-CANDIDATES}") String statusName,
			@Option(names = "--endpoint", paramLabel = "NAME", description = "only runs of this endpoint") String endpoint,
			@Option(names = "--config", paramLabel = "NAME", description = "only runs of this configuration") String config,
			@Option(names = "--batch", paramLabel = "ID", description = "only the runs of this batch") String batch,
			@Option(names = "--since", paramLabel = "DATE", description = "only runs started at or after DATE") String since,
			@Option(names = "--until", paramLabel = "DATE", description = "only runs started before DATE") String until,
			@Option(names = "--sort", paramLabel = "KEY", defaultValue = "start", completionCandidates = SortKeys.class,
					description = "sort by ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})") String sortKey,
			@Option(names = "--asc", description = "ascending instead of descending") boolean asc,
			@Option(names = "--page", paramLabel = "N", converter = Converters.NonNegativeLong.class, defaultValue = "0",
					description = "the page to show, from 0") long page,
			@Option(names = "--limit", paramLabel = "N", converter = Converters.PositiveLong.class, defaultValue = "20",
					description = "runs per page (default ${DEFAULT-VALUE})") long limit)
			throws Exception {
		RunStatus status = null;
		if (statusName != null) {
			try {
				status = RunStatus.valueOf(statusName.toUpperCase(Locale.ROOT));
			} catch (IllegalArgumentException e) {
				throw new UsageException("unknown status '" + statusName + "'");
			}
		}
		RunQuery.Sort sort = switch (sortKey) {
			case "start" -> RunQuery.Sort.START;
			case "name" -> RunQuery.Sort.NAME;
			case "status" -> RunQuery.Sort.STATUS;
			case "total" -> RunQuery.Sort.TOTAL;
			case "rps" -> RunQuery.Sort.REQUESTS_PER_S;
			case "ttft" -> RunQuery.Sort.TTFT_P50;
			default -> throw new UsageException("--sort must be start, name, status, total, rps or ttft");
		};
		RunQuery query = new RunQuery(status, endpoint, config, batch, instant(since, "since"), instant(until, "until"),
				sort, !asc, (int) page, (int) limit);
		RunStore store = store();
		if (store == null) {
			return 1;
		}
		List<RunRecord> runs = store.list(query);
		out.printf(Locale.ROOT, "%-36s  %-19s  %-11s  %7s  %7s  %8s  %9s  %s%n", "run", "started", "status",
				"total", "failed", "req/s", "TTFT p50", "name / load");
		for (RunRecord record : runs) {
			RunSummary r = record.summary();
			out.printf(Locale.ROOT, "%-36s  %-19s  %-11s  %7d  %7d  %8s  %9s  %s / %s%s%s%n", r.runId(),
					TIME.format(Instant.ofEpochMilli(r.startEpochMillis())),
					r.status().name().toLowerCase(Locale.ROOT), r.total(), r.failed(), Reports.num(r.requestsPerSecond(), 2),
					Double.isNaN(r.ttft().p50()) ? "-" : String.format(Locale.ROOT, "%.1f ms", r.ttft().p50()),
					Reports.text(r.name()), Reports.text(r.loadDescription()),
					record.origin().endpointName() == null ? "" : " @ " + record.origin().endpointName(),
					r.clientLimited() ? "  [client-limited]" : "");
		}
		out.printf(Locale.ROOT, "%d of %d runs (page %d)%n", runs.size(), store.count(query), page);
		return 0;
	}

	@Command(name = "show", description = "a stored run's figures, origin and what was stored with it")
	int show(@Parameters(paramLabel = "RUN_ID", arity = "0..*", description = "the run") List<String> ids)
			throws Exception {
		String id = single(ids, "show");
		RunStore store = store();
		if (store == null) {
			return 1;
		}
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
		store.slo(id).ifPresent(slo -> out.print(SloReports.text(slo)));
		store.saturation(id).ifPresent(s -> out.println("  saturation  " + s.describe()));
		var samples = store.samples(id);
		out.print(TokenReports.lines(new io.deepstress.core.tokens.TokenLengths().addAll(samples),
				TokenReports.tokenizer(run.get())));
		out.print(HttpTimingReports.lines(new io.deepstress.core.run.HttpTimingStats().addAll(samples)));
		out.println("  samples     " + samples.size() + " attempts stored");
		var gpu = store.gpuSamples(id);
		out.println("  gpu         " + gpu.size() + " GPU samples stored"
				+ (gpu.isEmpty() ? "" : " (" + gpu.stream().map(g -> g.host() + "/" + g.index()).distinct().count() + " GPUs)"));
		return 0;
	}

	@Command(name = "compare", description = "stored runs side by side (the first is the baseline)", footer = { "",
			"--verdict: per metric better / worse / no significant change, with a bootstrap confidence interval of the",
			"difference and Cliff's delta; one RUN_ID is judged against the baseline of its configuration",
			"(deepstress runs baseline). Exit 1 with --fail-on-regression when a metric is significantly worse;",
			"2 for an unknown run, batch or baseline." })
	int compare(@Parameters(paramLabel = "RUN_ID", arity = "0..*", description = "two or more runs") List<String> ids,
			@Option(names = "--verdict", description = "judge the second run (or batch) against the first") boolean verdict,
			@Option(names = "--fail-on-regression", description = "with --verdict: exit 1 when a metric is significantly"
					+ " worse") boolean failOnRegression,
			@Option(names = "--batches", description = "with --verdict: the ids are two batches") boolean batches,
			@Option(names = "--confidence", paramLabel = "C", converter = Converters.Number.class,
					description = "with --verdict: the confidence level (default 0.95)") Double confidence,
			@Option(names = "--min-effect", paramLabel = "PERCENT", converter = Converters.Number.class,
					description = "with --verdict: the smallest change that counts (default 5)") Double minEffect)
			throws Exception {
		if (verdict || failOnRegression || batches) {
			RunStore store = store();
			return store == null ? 1
					: CompareVerdict.run(services, store, ids, batches, failOnRegression, confidence, minEffect, out, err);
		}
		if (ids == null || ids.size() < 2) {
			throw new UsageException("compare takes two or more run ids");
		}
		RunStore store = store();
		if (store == null) {
			return 1;
		}
		RunComparison cmp;
		try {
			cmp = store.compare(ids);
		} catch (IllegalArgumentException e) {
			err.println("deepstress runs: " + e.getMessage());
			return 1;
		}
		out.print(Reports.comparison(cmp));
		return 0;
	}

	@Command(name = "merge", description = "the combined figures of a batch's runs (e.g. agents of run --shard)",
			footer = { "", "Percentiles come from the runs' stored histograms added (exact at their precision), counts",
					"are summed, throughput is over the window all runs share, the timeline on the server's clock.",
					"Exit 0, 2 for a bad command line or an unknown batch, 1 otherwise." })
	int merge(@Option(names = "--batch", paramLabel = "ID", description = "the batch") String batch,
			@Option(names = "--out", paramLabel = "FILE.json", description = "also write the merged figures as JSON")
			Path file) throws UsageException, InterruptedException {
		if (batch == null || batch.isBlank()) {
			throw new UsageException("merge needs --batch ID");
		}
		RunStore store = store();
		if (store == null) {
			return 1;
		}
		io.deepstress.core.batch.MergedBatch merged;
		try {
			merged = io.deepstress.core.batch.BatchMerge.merge(store, batch.strip());
		} catch (IllegalArgumentException e) {
			err.println("deepstress runs: " + e.getMessage());
			return 2;
		}
		out.print(MergeReports.table(merged));
		if (file != null) {
			try {
				Files.writeString(file, CliJson.write(MergeReports.json(merged)) + "\n");
			} catch (IOException e) {
				err.println("deepstress runs: cannot write " + file + ": " + e.getMessage());
				return 1;
			}
		}
		return 0;
	}

	@Command(name = "export", description = "a stored run with its samples as JSON (importable) or CSV")
	int export(@Parameters(paramLabel = "RUN_ID", arity = "0..*", description = "the run") List<String> ids,
			@Option(names = "--format", paramLabel = "json|csv", defaultValue = "json", completionCandidates = Formats.class,
					description = "the file format (default ${DEFAULT-VALUE})") String format,
			@Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of stdout") Path file)
			throws Exception {
		String id = single(ids, "export");
		if (!format.equals("json") && !format.equals("csv")) {
			throw new UsageException("--format must be json or csv, got '" + format + "'");
		}
		RunStore store = store();
		if (store == null) {
			return 1;
		}
		String text;
		try {
			text = format.equals("json") ? store.exportJson(id) + "\n" : store.exportCsv(id);
		} catch (IllegalArgumentException e) {
			err.println("deepstress runs: " + e.getMessage());
			return 1;
		}
		if (file != null) {
			Files.writeString(file, text);
			out.println("exported run " + id + " to " + file);
		} else {
			out.print(text);
		}
		return 0;
	}

	@Command(name = "import", description = "a run exported as JSON (deepstress runs export), with its samples")
	int importRun(@Parameters(paramLabel = "FILE.json", arity = "0..*", description = "the exported run") List<String> files)
			throws Exception {
		if (files == null || files.size() != 1) {
			throw new UsageException("import takes one file");
		}
		String file = files.get(0);
		String text;
		try {
			text = Files.readString(Path.of(file));
		} catch (IOException e) {
			throw new UsageException("cannot read " + file + ": " + e.getMessage());
		}
		RunStore store = store();
		if (store == null) {
			return 1;
		}
		try {
			out.println("imported run " + store.importJson(text));
			return 0;
		} catch (IllegalArgumentException e) {
			err.println("deepstress runs: " + file + ": " + e.getMessage());
			return 1;
		}
	}

	@Command(name = "delete", description = "a stored run with everything stored with it (not a running one)")
	int delete(@Parameters(paramLabel = "RUN_ID", arity = "0..*", description = "the run") List<String> ids)
			throws Exception {
		String id = single(ids, "delete");
		RunStore store = store();
		if (store == null) {
			return 1;
		}
		if (!store.delete(id)) {
			err.println("deepstress runs: no run " + id);
			return 1;
		}
		out.println("deleted run " + id);
		return 0;
	}

	/** The records store, or null after saying that it is not available. */
	private RunStore store() throws InterruptedException {
		RunStore store = services.find(RunStore.class, 10_000).orElse(null);
		if (store == null) {
			err.println("deepstress runs: the records store is not available");
		}
		return store;
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

	private static String single(List<String> ids, String action) throws UsageException {
		if (ids == null || ids.size() != 1) {
			throw new UsageException(action + " takes one run id");
		}
		return ids.get(0);
	}
}
