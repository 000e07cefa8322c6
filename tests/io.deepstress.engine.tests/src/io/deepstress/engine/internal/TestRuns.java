package io.deepstress.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.Timeouts;

/** Run configurations for tests. */
final class TestRuns {

	private TestRuns() {
	}

	static Dataset dataset(String name, int prompts) {
		List<Prompt> list = new ArrayList<>();
		for (int i = 0; i < prompts; i++) {
			list.add(new Prompt(name + "-" + i, "Say something about topic " + i + " of " + name));
		}
		return new Dataset(name, list);
	}

	static Timeouts timeouts(long connectMs, long firstTokenMs, long totalMs) {
		return new Timeouts(Duration.ofMillis(connectMs), Duration.ofMillis(firstTokenMs), Duration.ofMillis(totalMs));
	}

	/** One dataset of {@code prompts} prompts, one pass, closed loop at {@code concurrency}, chat, streaming. */
	static RunConfig simple(String baseUrl, int prompts, int concurrency) {
		return new RunConfig("test", new ApiTarget(baseUrl, ApiKind.CHAT, "deepstress-sim", null, null),
				RequestOptions.defaults(), List.of(new DatasetShare(dataset("d", prompts), 1)),
				new Load.ClosedLoop(concurrency), Limits.singlePass(), timeouts(2000, 5000, 10000), RetryPolicy.none());
	}

	static RunConfig withTimeouts(RunConfig c, long connectMs, long firstTokenMs, long totalMs) {
		return new RunConfig(c.name(), c.target(), c.request(), c.datasets(), c.load(), c.limits(),
				timeouts(connectMs, firstTokenMs, totalMs), c.retry());
	}

	static RunConfig withRetry(RunConfig c, RetryPolicy retry) {
		return new RunConfig(c.name(), c.target(), c.request(), c.datasets(), c.load(), c.limits(), c.timeouts(),
				retry);
	}

	static RunConfig withRequest(RunConfig c, RequestOptions request) {
		return new RunConfig(c.name(), c.target(), request, c.datasets(), c.load(), c.limits(), c.timeouts(),
				c.retry());
	}

	static RunConfig withLimits(RunConfig c, Limits limits) {
		return new RunConfig(c.name(), c.target(), c.request(), c.datasets(), c.load(), limits, c.timeouts(),
				c.retry());
	}

	static RunConfig withTarget(RunConfig c, ApiTarget target) {
		return new RunConfig(c.name(), target, c.request(), c.datasets(), c.load(), c.limits(), c.timeouts(),
				c.retry());
	}
}
