package io.deepstress.report.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.deepstress.core.report.ReportContext;
import io.deepstress.core.report.ReportSection;
import io.deepstress.core.report.ReportService;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.verdict.BaselineStore;

/**
 * The reports: the built-in sections (environment, configuration, statistics, verdict, errors, timeline, GPU) and
 * every {@link ReportSection} service, in their order, in one HTML page.
 */
@Component(service = ReportService.class)
public final class HtmlReportService implements ReportService {

	@Reference
	private volatile RunStore store;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile BaselineStore baselines;

	private final List<ReportSection> contributed = new CopyOnWriteArrayList<>();

	public HtmlReportService() {
	}

	/** For tests and tools outside DS. */
	public HtmlReportService(RunStore store, BaselineStore baselines) {
		this.store = store;
		this.baselines = baselines;
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addSection(ReportSection section) {
		contributed.add(section);
	}

	void removeSection(ReportSection section) {
		contributed.remove(section);
	}

	@Override
	public String runReport(String runId) {
		RunStore s = readable();
		RunRecord run = s.record(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
		return render(new ReportContext("DeepStress run " + run.summary().name(), List.of(run), null, s));
	}

	@Override
	public String batchReport(String batchId) {
		RunStore s = readable();
		List<RunRecord> runs = s.list(RunQuery.all(10_000).withBatch(batchId).sortedBy(RunQuery.Sort.START, false));
		if (runs.isEmpty()) {
			throw new IllegalArgumentException("no runs in batch " + batchId);
		}
		return render(new ReportContext("DeepStress batch " + batchId, runs, batchId, s));
	}

	private RunStore readable() {
		RunStore s = store;
		Optional<String> problem = s.problem();
		if (problem.isPresent()) {
			throw new IllegalStateException(problem.get());
		}
		return s;
	}

	private String render(ReportContext context) {
		List<ReportSection> sections = new ArrayList<>(List.of(new EnvironmentSection(), new ConfigurationSection(),
				new StatisticsSection(), new SloSection(), new VerdictSection(baselines), new ErrorsSection(), new TimelineSection(),
				new SaturationSection(), new GpuSection()));
		sections.addAll(contributed);
		sections.sort(Comparator.comparingInt(ReportSection::order));
		StringBuilder body = new StringBuilder();
		for (ReportSection section : sections) {
			try {
				section.html(context).ifPresent(body::append);
			} catch (RuntimeException e) {
				// one broken section must not cost the whole report
				body.append("<section class=\"broken\"><h2>").append(io.deepstress.core.report.Html.escape(
						section.getClass().getSimpleName())).append("</h2><p>This section could not be made: ")
						.append(io.deepstress.core.report.Html.escape(String.valueOf(e.getMessage()))).append("</p></section>");
			}
		}
		return ReportPage.page(context.title(), body.toString());
	}
}
