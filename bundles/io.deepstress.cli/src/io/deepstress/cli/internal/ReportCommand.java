package io.deepstress.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.deepstress.core.report.ReportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepstress report RUN_ID|--batch ID --out FILE.html}: a self-contained HTML report of stored runs. */
@Command(name = "report", description = "write a self-contained HTML report of a stored run or batch", footer = { "",
		"The file holds its CSS and charts (inline SVG); it loads nothing when opened. It has the run's configuration,",
		"environment, percentiles, errors, GPU summary when recorded, the verdict against the baseline when one is",
		"marked (deepstress runs baseline), and timeline charts.", "",
		"Exit code: 0 written, 2 for a bad command line or an unknown run or batch, 1 otherwise." })
final class ReportCommand implements Callable<Integer> {

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	@Parameters(paramLabel = "RUN_ID", arity = "0..*", description = "the run")
	List<String> ids;

	@Option(names = "--batch", paramLabel = "ID", description = "report the runs of this batch instead of one run")
	String batch;

	@Option(names = "--out", paramLabel = "FILE.html", description = "the file to write")
	Path file;

	ReportCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() throws Exception {
		boolean one = ids != null && ids.size() == 1;
		if (ids != null && ids.size() > 1) {
			throw new UsageException("report takes one run id (or --batch ID)");
		}
		if (one == (batch != null)) {
			throw new UsageException(one ? "give a run id or --batch ID, not both" : "say what to report: a run id or --batch ID");
		}
		if (file == null) {
			throw new UsageException("--out FILE.html is required");
		}
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null && !Files.isDirectory(parent)) {
			throw new UsageException("cannot write " + file + ": the folder " + parent + " does not exist");
		}
		ReportService reports = services.find(ReportService.class, 10_000).orElse(null);
		if (reports == null) {
			err.println("deepstress report: the report service is not available");
			return 1;
		}
		String html;
		try {
			html = one ? reports.runReport(ids.get(0)) : reports.batchReport(batch);
		} catch (IllegalArgumentException e) {
			err.println("deepstress report: " + e.getMessage());
			return 2;
		}
		try {
			Files.writeString(file, html, StandardCharsets.UTF_8);
		} catch (IOException e) {
			err.println("deepstress report: cannot write " + file + ": " + e.getMessage());
			return 1;
		}
		out.println("wrote the report of " + (one ? "run " + ids.get(0) : "batch " + batch) + " to " + file);
		return 0;
	}
}
