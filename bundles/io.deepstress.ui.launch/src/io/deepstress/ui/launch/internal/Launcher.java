package io.deepstress.ui.launch.internal;

import java.util.List;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;

/**
 * What the Test perspective asks the launch service for: the run plans of a quick test (one run, or one per level
 * of its sweep) and of saved configurations. No SWT and no running here: the launch service runs, records and
 * stops; the views follow it on the bus.
 */
final class Launcher {

	/** What a quick test asks for. */
	record Quick(Endpoint endpoint, int concurrency, long requests, Integer maxTokens) {
	}

	private Launcher() {
	}

	/**
	 * A quick test of the built-in prompts: one run named "quick test on &lt;endpoint&gt;", or with {@code levels} one
	 * run per concurrency level named after the endpoint and the level ("&lt;endpoint&gt; c8"), recording the GPU
	 * hosts watched now.
	 */
	static RunPlan quick(Quick q, List<Double> levels, List<GpuHost> gpuHosts) {
		Endpoint e = q.endpoint();
		String name = levels.isEmpty() ? "quick test on " + e.name() : e.name();
		RunConfig config = new RunConfig(name, new ApiTarget(e.baseUrl(), e.apiKind(), e.model(), e.headers(), null),
				new RequestOptions(true, q.maxTokens(), null, null, true), List.of(new DatasetShare(Datasets.builtin(), 1)),
				new Load.ClosedLoop(q.concurrency()), Limits.requests(q.requests()), e.timeouts(), RetryPolicy.none());
		return RunPlan.on(e, config).atLevels(levels).withGpuHosts(gpuHosts);
	}

	/** Saved configurations, in order, each with its own sweep, recording the GPU hosts watched now. */
	static List<RunPlan> saved(List<TestConfiguration> chosen, List<GpuHost> gpuHosts) {
		return chosen.stream().map(c -> RunPlan.saved(c.id()).withGpuHosts(gpuHosts)).toList();
	}
}
