package io.deepstress.report.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.deepstress.core.report.Html;
import io.deepstress.core.report.ReportContext;
import io.deepstress.core.report.ReportSection;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunRecord;

/** Failed requests by kind, and the first messages of each. */
final class ErrorsSection implements ReportSection {

	@Override
	public int order() {
		return 500;
	}

	@Override
	public Optional<String> html(ReportContext c) {
		StringBuilder b = new StringBuilder("<section id=\"errors\"><h2>Errors</h2>");
		long failed = c.runs().stream().mapToLong(r -> r.summary().failed()).sum();
		if (failed == 0) {
			return Optional.of(b.append("<p>No measured request failed.</p></section>\n").toString());
		}
		b.append("<table>").append(Html.head("run", "kind", "requests", "example message"));
		for (RunRecord r : c.runs()) {
			Map<String, String> examples = new LinkedHashMap<>();
			for (RequestResult s : c.store().samples(r.summary().runId())) {
				if (!s.succeeded() && s.last() && !s.warmup()) {
					examples.putIfAbsent(s.errorKey(), s.errorMessage());
				}
			}
			for (Map.Entry<String, Long> e : r.summary().errors().entrySet()) {
				String example = examples.get(e.getKey());
				b.append(Html.row(Html.escape(EnvironmentSection.label(r.summary())), Html.escape(e.getKey()),
						Long.toString(e.getValue()), Html.escape(example == null ? "" : abbreviate(example))));
			}
		}
		return Optional.of(b.append("</table></section>\n").toString());
	}

	private static String abbreviate(String s) {
		return s.length() > 200 ? s.substring(0, 200) + "…" : s;
	}
}
