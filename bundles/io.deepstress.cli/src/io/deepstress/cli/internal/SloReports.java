package io.deepstress.cli.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.deepstress.core.slo.Slo;
import io.deepstress.core.slo.SloFormat;
import io.deepstress.core.slo.SloResult;
import io.deepstress.core.slo.SloSyntaxException;

/** A run's SLO result as text and as the {@code slo} object of {@code --out}. */
final class SloReports {

	private SloReports() {
	}

	/** {@code --slo EXPR} read, or null without it; a bad expression is a usage error naming the part. */
	static Slo parse(String expression) throws UsageException {
		if (expression == null) {
			return null;
		}
		try {
			return Slo.parse(expression);
		} catch (SloSyntaxException e) {
			throw new UsageException("--slo: " + e.getMessage());
		}
	}

	static String text(SloResult r) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "  SLO         %s: %s%n", r.expression(), r.passed() ? "passed" : "FAILED"));
		out.append(String.format(Locale.ROOT, "  attainment  %s (%d of %d requests met every per-request limit)%s%n",
				SloFormat.percent(round(r.attainment() * 100, 2) / 100), r.met(), r.total(),
				Double.isNaN(r.attainmentTarget()) ? ""
						: ", target " + SloFormat.percent(r.attainmentTarget())
								+ (r.attainmentPassed() ? " reached" : " NOT reached")));
		out.append(String.format(Locale.ROOT, "  goodput     %.2f req/s, %.1f output tok/s%n", r.goodputRps(),
				r.goodputTps()));
		for (SloResult.LimitResult l : r.limits()) {
			out.append(String.format(Locale.ROOT, "  limit       %-22s %12s  %s%n", l.text(),
					Double.isNaN(l.valueMillis()) ? "no value" : String.format(Locale.ROOT, "%.2f ms", l.valueMillis()),
					l.passed() ? "passed" : "FAILED"));
		}
		return out.toString();
	}

	static Map<String, Object> json(SloResult r) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("expression", r.expression());
		m.put("passed", r.passed());
		m.put("attainment", r.attainment());
		if (!Double.isNaN(r.attainmentTarget())) {
			m.put("attainment_target", r.attainmentTarget());
			m.put("attainment_passed", r.attainmentPassed());
		}
		m.put("requests", r.total());
		m.put("met", r.met());
		m.put("goodput_rps", r.goodputRps());
		m.put("goodput_tps", r.goodputTps());
		List<Map<String, Object>> limits = r.limits().stream().map(l -> {
			Map<String, Object> lm = new LinkedHashMap<>();
			lm.put("name", l.name());
			lm.put("limit", l.limitMillis());
			lm.put("value", l.valueMillis());
			lm.put("unit", "ms");
			lm.put("passed", l.passed());
			return lm;
		}).toList();
		m.put("limits", limits);
		return m;
	}

	private static double round(double v, int decimals) {
		double f = Math.pow(10, decimals);
		return Math.floor(v * f) / f;
	}
}
