package io.deepstress.report.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.deepstress.core.capacity.CapacityRecord;
import io.deepstress.core.capacity.CapacityRequest;
import io.deepstress.core.capacity.CapacityStore;
import io.deepstress.core.report.Html;
import io.deepstress.core.report.ReportContext;
import io.deepstress.core.report.ReportSection;
import io.deepstress.core.report.SvgChart;
import io.deepstress.core.slo.Slo;
import io.deepstress.core.slo.SloFormat;
import io.deepstress.core.slo.SloLimit;

/**
 * The capacity search of a batch report's batch, as stored with it: the answer sentence and its status (complete,
 * or partial for a search that was stopped or died), what was asked, the curve of goodput and of the latency
 * percentiles per level with the SLO's limits as lines and the answer's interval as a band, and every level. Absent
 * for a run report and for a batch that is not a stored search.
 */
@Component(service = ReportSection.class)
public final class CapacitySection implements ReportSection {

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile CapacityStore searches;

	public CapacitySection() {
	}

	/** For tests and tools outside DS. */
	public CapacitySection(CapacityStore searches) {
		this.searches = searches;
	}

	@Override
	public int order() {
		return 250;
	}

	@Override
	public Optional<String> html(ReportContext c) {
		CapacityStore s = searches;
		if (!c.isBatch() || s == null) {
			return Optional.empty();
		}
		Optional<CapacityRecord> found = s.find(c.batchId());
		if (found.isEmpty()) {
			return Optional.empty();
		}
		CapacityRecord r = found.get();
		StringBuilder b = new StringBuilder("<section id=\"capacity\"><h2>Capacity</h2>");
		b.append("<p class=\"answer\"><strong>").append(Html.escape(r.message())).append("</strong></p>");
		b.append("<p>Search ").append(r.complete() ? "complete (" + Html.escape(r.stop()) + ")"
				: "<span class=\"worse\">partial</span> (" + Html.escape(stopText(r.stop())) + ", "
						+ r.levels().size() + (r.levels().size() == 1 ? " level" : " levels") + " finished)")
				.append(".</p><table>");
		String unit = r.by() == CapacityRequest.By.CONCURRENCY ? " users" : " req/s";
		b.append(Html.row("SLO", Html.escape(r.slo())));
		b.append(Html.row("by", Html.escape(r.by().name().toLowerCase(Locale.ROOT))));
		b.append(Html.row("range", Html.escape(SloFormat.trim(r.min()) + " to " + SloFormat.trim(r.max()) + unit)));
		b.append(Html.row("level duration", Html.escape(SloFormat.trim(r.levelMillis() / 1000.0) + " s, up to "
				+ r.repeats() + " runs at a close level")));
		if (r.found()) {
			b.append(Html.row("answer", Html.escape(SloFormat.trim(r.answer()) + unit + " (" + interval(r)
					+ "), boundary: " + r.boundary())));
		}
		b.append("</table>");
		b.append(charts(r));
		b.append("<table>").append(Html.head("level", "runs", "requests", "attainment", "verdict", "goodput req/s",
				"goodput tok/s", "TTFT p50 ms", "TTFT p99 ms", "E2E p99 ms", "TPOT p99 ms", "throughput req/s"));
		for (CapacityRecord.Level l : r.levels()) {
			b.append(Html.row(Html.escape(SloFormat.trim(l.level())), Integer.toString(l.runIds().size()),
					Long.toString(l.total()), Html.escape(SloFormat.percent(l.attainment())),
					(l.passed() ? "<span class=\"better\">passed</span>" : "<span class=\"worse\">failed</span>")
							+ (l.confident() ? "" : " (close)") + (l.errorStop() ? " (errors)" : ""),
					Html.num(l.goodputRps(), 2), Html.num(l.goodputTps(), 1), Html.num(l.ttftP50(), 1),
					Html.num(l.ttftP99(), 1), Html.num(l.e2eP99(), 1), Html.num(l.tpotP99(), 1),
					Html.num(l.throughput(), 2)));
		}
		return Optional.of(b.append("</table></section>\n").toString());
	}

	/** Goodput per level, and the latency percentiles per level with the SLO's limits; the interval as a band. */
	static String charts(CapacityRecord r) {
		List<CapacityRecord.Level> sorted = r.levels().stream()
				.sorted(java.util.Comparator.comparingDouble(CapacityRecord.Level::level)).toList();
		double[] x = sorted.stream().mapToDouble(CapacityRecord.Level::level).toArray();
		String xLabel = r.by() == CapacityRequest.By.CONCURRENCY ? "concurrent users" : "arrival rate (req/s)";
		SvgChart goodput = SvgChart.of("capacity-goodput", "Goodput per level", xLabel, "req/s")
				.line("goodput req/s", x, sorted.stream().mapToDouble(CapacityRecord.Level::goodputRps).toArray())
				.line("throughput req/s", x, sorted.stream().mapToDouble(CapacityRecord.Level::throughput).toArray());
		SvgChart latency = SvgChart.of("capacity-latency", "Latency percentiles per level", xLabel, "ms")
				.line("TTFT p50", x, sorted.stream().mapToDouble(CapacityRecord.Level::ttftP50).toArray())
				.line("TTFT p99", x, sorted.stream().mapToDouble(CapacityRecord.Level::ttftP99).toArray())
				.line("E2E p99", x, sorted.stream().mapToDouble(CapacityRecord.Level::e2eP99).toArray())
				.line("TPOT p99", x, sorted.stream().mapToDouble(CapacityRecord.Level::tpotP99).toArray());
		try {
			for (SloLimit limit : Slo.parse(r.slo()).limits()) {
				latency.reference(limit.limitMillis(), "SLO " + limit.text());
			}
		} catch (IllegalArgumentException e) {
			// an SLO written by a newer version: the curve without its lines
		}
		if (r.found()) {
			String band = interval(r);
			goodput.band(r.low(), r.high(), band);
			latency.band(r.low(), r.high(), band);
		}
		return "<div class=\"chart\">" + goodput.svg() + "</div><div class=\"chart\">" + latency.svg() + "</div>";
	}

	private static String interval(CapacityRecord r) {
		String low = SloFormat.trim(r.low());
		String high = SloFormat.trim(r.high());
		return SloFormat.percent(r.confidence()) + " CI " + (low.equals(high) ? low : low + "-" + high);
	}

	private static String stopText(String stop) {
		return switch (stop == null ? "" : stop) {
			case "cancelled" -> "stopped";
			case "interrupted" -> "interrupted before its end";
			case "failed" -> "failed";
			default -> stop;
		};
	}
}
