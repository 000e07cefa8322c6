package io.deepstress.engine.internal;

import java.util.ArrayList;
import java.util.List;

import io.deepstress.core.run.RequestResult;
import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.Simulator;

/**
 * The client's measurements joined with the simulator's own records ({@code /sim/requests}) by request id:
 * what a timing check compares, so that a late simulator (a busy machine delays its pacing threads too) is
 * not taken for a wrong client.
 */
final class GroundTruth {

	private GroundTruth() {
	}

	static ServerRecord truth(Simulator sim, RequestResult r) {
		return sim.record(r.requestId()).orElseThrow(() -> new AssertionError("no server record of " + r.requestId()));
	}

	private static List<RequestResult> measured(List<RequestResult> finals) {
		return finals.stream().filter(r -> !r.warmup() && r.ttftNanos() >= 0).toList();
	}

	/** Client TTFT minus the server's own (arrival to first content written), per measured request. */
	static Spread ttftOverhead(Simulator sim, List<RequestResult> finals) {
		List<Long> diffs = new ArrayList<>();
		for (RequestResult r : measured(finals)) {
			ServerRecord t = truth(sim, r);
			diffs.add(r.ttftNanos() - (t.firstContentNanos() - t.arrivalNanos()));
		}
		return new Spread(diffs);
	}

	/** The server's own TTFT per measured request. */
	static Spread serverTtft(Simulator sim, List<RequestResult> finals) {
		List<Long> ttfts = new ArrayList<>();
		for (RequestResult r : measured(finals)) {
			ServerRecord t = truth(sim, r);
			ttfts.add(t.firstContentNanos() - t.arrivalNanos());
		}
		return new Spread(ttfts);
	}

	/** The server's mean gap between content chunks of each measured request of more than one token. */
	static Spread serverMeanItl(Simulator sim, List<RequestResult> finals) {
		List<Long> gaps = new ArrayList<>();
		for (RequestResult r : measured(finals)) {
			ServerRecord t = truth(sim, r);
			int chunks = t.outputTokens() + t.reasoningTokens();
			if (chunks > 1) {
				gaps.add((t.lastContentNanos() - t.firstContentNanos()) / (chunks - 1));
			}
		}
		return new Spread(gaps);
	}

	/** Gaps between consecutive arrivals at the server, in arrival order. */
	static Spread arrivalGaps(Simulator sim) {
		return Spread.gaps(sim.records().stream().map(ServerRecord::arrivalNanos).toList());
	}

	/**
	 * How late each arrival at the server was against a constant-rate schedule: arrival i minus i / rate,
	 * less the smallest such offset (the schedule is anchored at the most punctual arrival; the first one
	 * also waits for its connection), so 0 is on time.
	 */
	static Spread lateness(Simulator sim, double ratePerSecond) {
		return Spread.lateness(sim.records().stream().map(ServerRecord::arrivalNanos).toList(), ratePerSecond);
	}

	/** Arrivals per second at the server between its first and last arrival. */
	static double serverRate(Simulator sim) {
		List<ServerRecord> records = sim.records();
		long first = records.stream().mapToLong(ServerRecord::arrivalNanos).min().orElseThrow();
		long last = records.stream().mapToLong(ServerRecord::arrivalNanos).max().orElseThrow();
		return (records.size() - 1) / ((last - first) / 1e9);
	}
}
