package io.deepstress.tokenizers.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.LoadEngine;
import io.deepstress.core.services.RunListener;
import io.deepstress.core.tokens.PromptSynthesizer;
import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.core.trace.Trace;
import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;
import io.deepstress.simulator.TokenSettings;

/** Replays a generated trace against a simulator and measures each arrival's lateness at the server. */
final class TraceReplay {

	/**
	 * Each arrival's lateness at the server, ms: its server arrival minus its trace time, less the smallest such
	 * difference of the run (the replay's real start).
	 */
	record Lateness(RunSummary summary, List<Double> lateMs, List<RequestResult> results, List<Arrival> arrivals) {
		double quantile(double q) {
			List<Double> sorted = new ArrayList<>(lateMs);
			Collections.sort(sorted);
			return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
		}
	}

	/**
	 * Where one arrival's lateness went, ms: from its due time to the engine's first write ({@code sendMs}, the
	 * scheduler and the connection pool) and from there to the server's arrival ({@code transitMs}); whether its
	 * connection was reused.
	 */
	record Arrival(int line, double lateMs, double sendMs, double transitMs, Boolean reused) {
	}

	private TraceReplay() {
	}

	private static RunConfig config(Simulator sim, Dataset prompts, Trace trace, double speed) {
		return new RunConfig("trace", new ApiTarget(sim.baseUrl(), ApiKind.CHAT, "deepstress-sim", Map.of(), null),
				new RequestOptions(true, null, null, "{\"ignore_eos\":true}", true), List.of(new DatasetShare(prompts, 1)),
				trace.schedule(speed, 256), Limits.requests(trace.records().size()), Timeouts.defaults(),
				RetryPolicy.none());
	}

	/** A trace of {@code n} requests at about {@code rate} per second, bursty (a third of the gaps are 0). */
	static Path write(Path dir, int n, double rate, long seed) throws IOException {
		SplittableRandom r = new SplittableRandom(seed);
		StringBuilder b = new StringBuilder();
		long t = 1_700_000;
		for (int i = 0; i < n; i++) {
			b.append("{\"timestamp\": ").append(t).append(", \"input_length\": ").append(20 + r.nextInt(60))
					.append(", \"output_length\": ").append(2 + r.nextInt(4)).append(", \"hash_ids\": []}\n");
			t += r.nextInt(3) == 0 ? 0 : Math.round(1500.0 / rate * 2 * r.nextDouble()); // mean gap 1000/rate ms
		}
		Path file = dir.resolve("trace-" + n + ".jsonl");
		Files.writeString(file, b);
		return file;
	}

	static Lateness replay(Path file, double speed) throws Exception {
		return replay(file, speed, 40, 10);
	}

	/** A replay after a warm-up of the trace's first {@code warm} requests at {@code warmSpeed}, not measured. */
	static Lateness replay(Path file, double speed, int warmRequests, double warmSpeed) throws Exception {
		Tokenizer cl100k = Services.get(TokenizerService.class).resolve("cl100k", null);
		Trace trace = Trace.read(file, 0, 0);
		Dataset prompts = Services.get(PromptSynthesizer.class).trace(trace, cl100k, 1);
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(2))
				.withItl(Duration.ofMillis(1)), new TokenSettings(cl100k, 0))) {
			// warm up (JIT, connections) with the trace's first requests, faster, not measured
			int warm = Math.min(warmRequests, trace.records().size());
			Trace head = new Trace("warm-up", trace.records().subList(0, warm));
			Dataset headPrompts = new Dataset("warm-up", prompts.prompts().subList(0, warm));
			Services.get(LoadEngine.class).start(config(sim, headPrompts, head, warmSpeed), RunListener.NONE).completion()
					.get(120, TimeUnit.SECONDS);
			sim.clearRecords();
			RunConfig config = config(sim, prompts, trace, speed);
			List<RequestResult> results = Collections.synchronizedList(new ArrayList<>());
			RunSummary summary = Services.get(LoadEngine.class).start(config, new RunListener() {
				@Override
				public void onResults(List<RequestResult> batch) {
					results.addAll(batch);
				}
			}).completion().get(120, TimeUnit.SECONDS);
			Map<String, Long> offsetByPrompt = new HashMap<>();
			long first = trace.records().get(0).timestampMs();
			trace.records().forEach(r -> offsetByPrompt.put("t" + r.line(), (long) ((r.timestampMs() - first) * 1e6 / speed)));
			Map<String, Long> arrivalById = new HashMap<>();
			for (ServerRecord s : sim.records()) {
				arrivalById.put(s.requestId(), s.arrivalNanos());
			}
			// the replay's start is where arrivals come earliest against the trace (the first request also opens the
			// connection, so it is no reference): lateness is each arrival's delay beyond that
			Map<String, Long> skew = new HashMap<>();
			long base = Long.MAX_VALUE;
			for (RequestResult r : results) {
				Long at = arrivalById.get(r.requestId());
				if (at != null && r.last()) {
					long s = at - offsetByPrompt.get(r.promptId());
					skew.put(r.promptId(), s);
					base = Math.min(base, s);
				}
			}
			List<Double> late = new ArrayList<>();
			for (var rec : trace.records()) {
				Long s = skew.get("t" + rec.line());
				if (s != null) {
					late.add((s - base) / 1e6);
				}
			}
			List<Arrival> arrivals = new ArrayList<>();
			for (RequestResult r : results) {
				Long at = arrivalById.get(r.requestId());
				Long s = skew.get(r.promptId());
				if (at != null && s != null && r.last() && r.scheduledNanos() >= 0) {
					arrivals.add(new Arrival(Integer.parseInt(r.promptId().substring(1)), (s - base) / 1e6,
							(r.startNanos() - r.scheduledNanos()) / 1e6, (at - r.startNanos()) / 1e6,
							r.httpTiming() == null ? null : r.httpTiming().reused()));
				}
			}
			return new Lateness(summary, late, results, arrivals);
		}
	}
}
