package io.deepstress.report.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.deepstress.core.report.Html;
import io.deepstress.core.report.ReportContext;
import io.deepstress.core.report.ReportSection;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunSummary;

/** What was tested with what: DeepStress versions, the endpoint, model, token counting, this machine. */
final class EnvironmentSection implements ReportSection {

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

	@Override
	public int order() {
		return 100;
	}

	@Override
	public Optional<String> html(ReportContext c) {
		Set<String> versions = new LinkedHashSet<>();
		Set<String> endpoints = new LinkedHashSet<>();
		Set<String> models = new LinkedHashSet<>();
		long estimated = 0;
		long start = Long.MAX_VALUE;
		long end = Long.MIN_VALUE;
		for (RunRecord r : c.runs()) {
			versions.add(r.appVersion() == null ? "(not recorded)" : r.appVersion());
			String name = r.origin().endpointName();
			endpoints.add((name != null ? name + " — " : "") + (r.endpointUrl() == null ? "(not recorded)" : r.endpointUrl()));
			models.add(r.summary().model());
			estimated += r.summary().estimatedTokens();
			start = Math.min(start, r.summary().startEpochMillis());
			end = Math.max(end, r.summary().endEpochMillis());
		}
		StringBuilder b = new StringBuilder("<section id=\"environment\"><h2>Environment</h2><table class=\"kv\">");
		kv(b, c.isBatch() ? "batch" : "run", c.isBatch() ? c.batchId() + " (" + c.runs().size() + " runs)"
				: c.runs().get(0).summary().runId());
		kv(b, "time", TIME.format(Instant.ofEpochMilli(start)) + " to " + TIME.format(Instant.ofEpochMilli(Math.max(start, end))));
		kv(b, "endpoint", String.join("; ", endpoints));
		kv(b, "model", String.join("; ", models));
		kv(b, "token counts", estimated == 0 ? "reported by the server (usage) for every successful request"
				: estimated + " successful request(s) without usage: their output tokens estimated by DeepStress");
		kv(b, "recorded by", "DeepStress " + String.join(", ", versions));
		kv(b, "report made by", "DeepStress " + version() + " on " + host() + " (" + System.getProperty("os.name") + " "
				+ System.getProperty("os.version") + ", " + System.getProperty("os.arch") + ", Java "
				+ System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " CPUs)");
		b.append("</table></section>\n");
		return Optional.of(b.toString());
	}

	static void kv(StringBuilder b, String key, String value) {
		b.append("<tr><th>").append(Html.escape(key)).append("</th><td>").append(Html.escape(value)).append("</td></tr>");
	}

	private static String version() {
		Bundle bundle = FrameworkUtil.getBundle(EnvironmentSection.class);
		return bundle == null ? "(unknown version)" : bundle.getVersion().toString();
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		} catch (Exception e) {
			return "(host name unknown)";
		}
	}

	/** "name (id…)" of a run. */
	static String label(RunSummary s) {
		return s.name() + " (" + s.runId().substring(0, Math.min(8, s.runId().length())) + ")";
	}
}
