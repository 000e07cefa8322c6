package io.deepstress.core.slo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunListener;

/**
 * Counts a run's requests against an SLO while the run goes, from the engine's exact per-request results (no
 * second pass over stored samples), and gives the {@link SloResult} with the run's summary at its end. Only
 * final attempts of measured (not warm-up) requests count. Thread-safe; constant memory.
 */
public final class SloTally implements RunListener {

	private final Slo slo;
	private final List<SloLimit> perRequest;
	private final List<SloLimit> runLevel;
	private long total;
	private long met;
	private long metTokens;
	private final long[] counted;
	private final long[] within;

	public SloTally(Slo slo) {
		this.slo = Objects.requireNonNull(slo, "slo");
		this.perRequest = slo.perRequest();
		this.runLevel = slo.runLevel();
		this.counted = new long[runLevel.size()];
		this.within = new long[runLevel.size()];
	}

	public Slo slo() {
		return slo;
	}

	@Override
	public void onResults(List<RequestResult> batch) {
		for (RequestResult r : batch) {
			add(r);
		}
	}

	/** Counts one attempt (ignored unless it is a measured request's final attempt). */
	public synchronized void add(RequestResult r) {
		if (!r.last() || r.warmup()) {
			return;
		}
		total++;
		if (!r.succeeded()) {
			return;
		}
		if (meets(r)) {
			met++;
			metTokens += Math.max(0, r.outputTokens());
		}
		for (int i = 0; i < runLevel.size(); i++) {
			SloLimit l = runLevel.get(i);
			if (l.metric() == SloMetric.ITL) {
				continue; // the run's ITL distribution is every gap, not one value per request
			}
			long v = l.metric().nanos(r);
			if (v >= 0) {
				counted[i]++;
				if (l.holds(v)) {
					within[i]++;
				}
			}
		}
	}

	/** Whether a successful request is within every per-request limit (a metric it has no value of is no bar). */
	private boolean meets(RequestResult r) {
		for (SloLimit l : perRequest) {
			long v = l.metric().nanos(r);
			if (v >= 0 && !l.holds(v)) {
				return false;
			}
		}
		return true;
	}

	/** The result so far, judged with {@code summary}'s measured window and distributions. */
	public synchronized SloResult result(RunSummary summary) {
		List<SloResult.LimitResult> limits = new ArrayList<>();
		for (int i = 0; i < runLevel.size(); i++) {
			SloLimit l = runLevel.get(i);
			double value = l.valueOf(l.metric().of(summary));
			boolean passed = !Double.isNaN(value) && l.holdsMillis(value);
			limits.add(new SloResult.LimitResult(l.name(), l.text(), l.limitMillis(), value, passed, counted[i],
					within[i], l.quantile()));
		}
		return new SloResult(slo.expression(), total, met, metTokens, summary.durationSeconds(),
				slo.attainmentTarget(), limits);
	}
}
