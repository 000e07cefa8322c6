package io.deepstress.report.internal;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.deepstress.core.report.Html;
import io.deepstress.core.report.ReportContext;
import io.deepstress.core.report.ReportSection;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunSummary;

/** The configuration as stored with the run (no secrets are stored), and for a batch one line per run. */
final class ConfigurationSection implements ReportSection {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public int order() {
		return 200;
	}

	@Override
	public Optional<String> html(ReportContext c) {
		StringBuilder b = new StringBuilder("<section id=\"configuration\"><h2>Configuration</h2>");
		if (c.isBatch()) {
			b.append("<table>").append(Html.head("run", "load", "status", "started", "duration (s)", "configuration",
					"endpoint"));
			for (RunRecord r : c.runs()) {
				RunSummary s = r.summary();
				b.append(Html.row(Html.escape(EnvironmentSection.label(s)), Html.escape(s.loadDescription()),
						Html.escape(s.status().name().toLowerCase(Locale.ROOT)),
						Html.escape(EnvironmentSection.TIME.format(Instant.ofEpochMilli(s.startEpochMillis()))),
						Html.num(s.durationSeconds(), 1), Html.escape(r.origin().configurationName()),
						Html.escape(r.origin().endpointName())));
			}
			b.append("</table><h3>Settings of the first run</h3>");
		}
		RunRecord first = c.runs().get(0);
		b.append("<table class=\"kv\">");
		EnvironmentSection.kv(b, "name", first.summary().name());
		EnvironmentSection.kv(b, "load", first.summary().loadDescription());
		if (first.origin().configurationName() != null) {
			EnvironmentSection.kv(b, "saved configuration", first.origin().configurationName());
		}
		Optional<String> json = c.store().configurationJson(first.summary().runId());
		if (json.isPresent()) {
			try {
				JsonNode node = JSON.readTree(json.get());
				for (Map.Entry<String, JsonNode> e : node.properties()) {
					if (!e.getKey().equals("name") && !e.getValue().isNull()) {
						EnvironmentSection.kv(b, e.getKey().replace('_', ' '), text(e.getValue()));
					}
				}
			} catch (Exception e) {
				EnvironmentSection.kv(b, "settings", "(stored settings unreadable: " + e.getMessage() + ")");
			}
		} else {
			EnvironmentSection.kv(b, "settings", "(not stored with this run)");
		}
		b.append("</table></section>\n");
		return Optional.of(b.toString());
	}

	private static String text(JsonNode v) {
		if (v.isValueNode()) {
			return v.asText();
		}
		if (v.isArray()) {
			StringBuilder b = new StringBuilder();
			for (JsonNode item : v) {
				b.append(b.isEmpty() ? "" : "; ").append(text(item));
			}
			return b.isEmpty() ? "none" : b.toString();
		}
		StringBuilder b = new StringBuilder();
		for (Map.Entry<String, JsonNode> e : v.properties()) {
			if (!e.getValue().isNull()) {
				b.append(b.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(text(e.getValue()));
			}
		}
		return b.toString();
	}
}
