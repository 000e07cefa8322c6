package io.deepstress.core.slo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service-level objective: per-request limits (a request meets the SLO when it succeeded and each of its own
 * values is within every per-request limit), run-level limits on a statistic of the run's distribution, and
 * optionally the attainment a run must reach (share of requests meeting the per-request limits).
 *
 * <p>Written as comma-separated parts: {@code ttft_p99<=500ms,tpot_p99<=50ms,e2e<=20s,attainment>=90%}.
 * Metrics {@code ttft tpot e2e itl}; a run-level limit adds {@code _p50 _p90 _p95 _p99 _max}; {@code <=} or
 * {@code <}; units {@code us ms s}. {@link #parse} names the part it cannot read.
 *
 * @param limits           per-request and run-level limits, in the order written
 * @param attainmentTarget the share (0..1) of requests that must meet the per-request limits, or NaN for none
 * @param expression       the expression it was read from
 */
public record Slo(List<SloLimit> limits, double attainmentTarget, String expression) {

	private static final Pattern LIMIT = Pattern
			.compile("([a-z0-9]+)(?:_(p50|p90|p95|p99|max))?\\s*(<=|<)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zµ]*)");
	private static final Pattern ATTAINMENT = Pattern
			.compile("attainment\\s*>=\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(%?)");

	public Slo {
		limits = List.copyOf(limits);
		if (limits.isEmpty()) {
			throw new IllegalArgumentException("An SLO needs at least one latency limit");
		}
		if (!Double.isNaN(attainmentTarget) && !(attainmentTarget > 0 && attainmentTarget <= 1)) {
			throw new IllegalArgumentException("The attainment target must be in (0, 100] %");
		}
	}

	/** The per-request limits. */
	public List<SloLimit> perRequest() {
		return limits.stream().filter(SloLimit::perRequest).toList();
	}

	/** The run-level limits. */
	public List<SloLimit> runLevel() {
		return limits.stream().filter(l -> !l.perRequest()).toList();
	}

	/** Whether it asks for an attainment share. */
	public boolean hasAttainmentTarget() {
		return !Double.isNaN(attainmentTarget);
	}

	/**
	 * Reads an expression.
	 *
	 * @throws SloSyntaxException naming the part that does not parse, and why
	 */
	public static Slo parse(String expression) {
		if (expression == null || expression.isBlank()) {
			throw new SloSyntaxException("", "the SLO is empty; write e.g. ttft_p99<=500ms,e2e<=20s");
		}
		List<SloLimit> limits = new ArrayList<>();
		double attainment = Double.NaN;
		for (String raw : expression.split(",", -1)) {
			String part = raw.strip();
			if (part.isEmpty()) {
				throw new SloSyntaxException(raw, "an empty part (two commas, or one at an end)");
			}
			String lower = part.toLowerCase(Locale.ROOT);
			Matcher a = ATTAINMENT.matcher(lower);
			if (a.matches()) {
				if (!Double.isNaN(attainment)) {
					throw new SloSyntaxException(part, "the attainment target is given twice");
				}
				double v = Double.parseDouble(a.group(1));
				attainment = a.group(2).isEmpty() && v <= 1 ? v : v / 100;
				if (!(attainment > 0 && attainment <= 1)) {
					throw new SloSyntaxException(part, "the attainment target must be above 0 and at most 100 %");
				}
				continue;
			}
			limits.add(limit(part, lower));
		}
		if (limits.isEmpty()) {
			throw new SloSyntaxException(expression.strip(), "no latency limit (ttft, tpot, e2e or itl)");
		}
		return new Slo(limits, attainment, expression.strip());
	}

	private static SloLimit limit(String part, String lower) {
		Matcher m = LIMIT.matcher(lower);
		if (!m.matches()) {
			if (lower.contains(">")) {
				throw new SloSyntaxException(part, "a latency limit is an upper bound: use <= or <");
			}
			throw new SloSyntaxException(part,
					"expected METRIC[_p50|_p90|_p95|_p99|_max]<=NUMBER UNIT, e.g. ttft_p99<=500ms");
		}
		SloMetric metric = SloMetric.byKey(m.group(1));
		if (metric == null) {
			throw new SloSyntaxException(part, "unknown metric '" + m.group(1) + "' (known: ttft, tpot, e2e, itl)");
		}
		double value = Double.parseDouble(m.group(4));
		long factor = switch (m.group(5)) {
			case "us", "µs" -> 1_000L;
			case "ms" -> 1_000_000L;
			case "s" -> 1_000_000_000L;
			case "" -> throw new SloSyntaxException(part, "the limit needs a unit: us, ms or s");
			default -> throw new SloSyntaxException(part, "unknown unit '" + m.group(5) + "' (known: us, ms, s)");
		};
		double nanos = value * factor;
		if (nanos > Long.MAX_VALUE / 2) {
			throw new SloSyntaxException(part, "the limit is too large");
		}
		return new SloLimit(metric, m.group(2), Math.round(nanos), "<".equals(m.group(3)), part);
	}

	/** How an answer line says it: "p99 TTFT <= 500 ms, E2E <= 20 s". */
	public String describe() {
		StringBuilder sb = new StringBuilder();
		for (SloLimit l : limits) {
			if (!sb.isEmpty()) {
				sb.append(", ");
			}
			if (l.statistic() != null) {
				sb.append(l.statistic()).append(' ');
			}
			sb.append(l.metric().key().toUpperCase(Locale.ROOT)).append(l.strict() ? " < " : " <= ")
					.append(SloFormat.duration(l.limitNanos()));
		}
		if (hasAttainmentTarget()) {
			sb.append(", attainment >= ").append(SloFormat.percent(attainmentTarget));
		}
		return sb.toString();
	}
}
