package io.deepstress.core.run;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * A run's HTTP timing breakdown in aggregate: per phase of {@link HttpTiming} the median and p99 over the final,
 * measured attempts that were timed, and the share of them sent over a reused connection. Memory is bounded (one
 * histogram per phase, 2 significant digits, up to an hour). Not thread-safe; {@link #add} from one thread.
 */
public final class HttpTimingStats {

	private static final long HIGHEST_MICROS = 3_600_000_000L;

	private final Histogram[] phases = new Histogram[HttpTiming.PHASES.size()];
	private long timed;
	private long reused;

	/** Adds {@code r}'s timing, if it is a final measured attempt with one. */
	public void add(RequestResult r) {
		HttpTiming t = r.httpTiming();
		if (t == null || !r.last() || r.warmup()) {
			return;
		}
		timed++;
		if (t.reused()) {
			reused++;
		}
		long[] values = t.phases();
		for (int i = 0; i < values.length; i++) {
			if (values[i] >= 0) {
				if (phases[i] == null) {
					phases[i] = new Histogram(HIGHEST_MICROS, 2);
				}
				phases[i].recordValue(Math.max(0, Math.min(HIGHEST_MICROS, values[i] / 1000)));
			}
		}
	}

	/** Adds every result of {@code results}. */
	public HttpTimingStats addAll(Collection<RequestResult> results) {
		results.forEach(this::add);
		return this;
	}

	/** Attempts with a timing. */
	public long timed() {
		return timed;
	}

	/** The share of timed attempts over a reused connection, from 0 to 1 (0 when none was timed). */
	public double reusedShare() {
		return timed == 0 ? 0 : (double) reused / timed;
	}

	/** Milliseconds at {@code percentile} of phase {@code name} (see {@link HttpTiming#PHASES}), or NaN. */
	public double percentileMs(String name, double percentile) {
		int i = HttpTiming.PHASES.indexOf(name);
		if (i < 0) {
			throw new IllegalArgumentException("no HTTP phase " + name);
		}
		Histogram h = phases[i];
		return h == null ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
	}

	/**
	 * The {@code http_timing} object of {@code --out} and {@code runs show --json}: {@code timed},
	 * {@code reused_share}, and per measured phase {@code <phase>_p50_ms} and {@code <phase>_p99_ms} (phases that
	 * never happened, such as TLS over plain HTTP, are left out).
	 */
	public Map<String, Object> toJson() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("timed", timed);
		m.put("reused_share", reusedShare());
		for (String name : HttpTiming.PHASES) {
			double p50 = percentileMs(name, 50);
			if (!Double.isNaN(p50)) {
				m.put(name + "_p50_ms", p50);
				m.put(name + "_p99_ms", percentileMs(name, 99));
			}
		}
		return m;
	}

	/** The text lines of {@code runs show} and the run's table (empty when nothing was timed). */
	public List<String> lines() {
		if (timed == 0) {
			return List.of();
		}
		StringBuilder b = new StringBuilder();
		b.append(String.format(Locale.ROOT, "  http        %d timed, %.0f%% over reused connections", timed,
				100 * reusedShare()));
		StringBuilder p = new StringBuilder("  http p50/p99");
		for (String name : HttpTiming.PHASES) {
			double p50 = percentileMs(name, 50);
			if (!Double.isNaN(p50)) {
				p.append(String.format(Locale.ROOT, " %s %.1f/%.1f ms", name.replace('_', ' '), p50,
						percentileMs(name, 99)));
			}
		}
		return List.of(b.toString(), p.toString());
	}
}
