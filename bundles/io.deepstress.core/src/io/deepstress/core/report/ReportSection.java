package io.deepstress.core.report;

import java.util.Optional;

/**
 * One section of a report, contributed as an OSGi service (e.g. SLO results, a capacity search's answer and curve).
 * The built-in sections use these orders: overview and environment 100, configuration 200, capacity search 250, statistics 300,
 * SLO 350, verdict 400, errors 500, timeline charts 600, saturation 650, GPU 700; a contributed section picks a free place between them.
 */
public interface ReportSection {

	/** Where the section goes; smaller first. */
	int order();

	/**
	 * The section as an HTML element (usually a {@code <section>} with an {@code <h2>}), or empty when it has nothing
	 * to say about these runs. Text from the runs must go through {@link Html#escape}; charts through {@link SvgChart}.
	 * No script, no external reference: the report must open offline.
	 */
	Optional<String> html(ReportContext context);
}
