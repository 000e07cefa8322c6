package io.deepstress.core.report;

/**
 * Self-contained HTML reports of stored runs (an OSGi service): one file with its CSS and charts (inline SVG) inside,
 * no script, nothing loaded from anywhere when it is viewed. The sections come from the report bundle and from
 * {@link ReportSection} services.
 */
public interface ReportService {

	/**
	 * The report of one run.
	 *
	 * @throws IllegalArgumentException when there is no such run
	 * @throws IllegalStateException    when the records store cannot be read
	 */
	String runReport(String runId);

	/**
	 * The report of the runs of a batch (configurations launched together, the levels of a sweep or a search).
	 *
	 * @throws IllegalArgumentException when the batch has no runs
	 * @throws IllegalStateException    when the records store cannot be read
	 */
	String batchReport(String batchId);
}
