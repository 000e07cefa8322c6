package io.deepstress.core.launch;

import java.util.List;
import java.util.Objects;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.slo.Slo;

/**
 * One part of a launch: what to run, at which levels, which GPU hosts to record with its runs, and whether to
 * record them. The launch service resolves what a client cannot know (the built-in simulator's address, the
 * endpoint's API key from secure storage, a saved configuration's endpoint and datasets).
 *
 * @param what     what to run
 * @param levels   the levels of a sweep (concurrency for a closed loop, rate for an open loop), one run each in
 *                 order; empty: one run, or for a saved configuration its own sweep
 * @param gpuHosts GPU hosts whose samples are kept with this plan's runs (watched for as long as they run)
 * @param record   whether the runs are kept in the records store
 * @param slo      the SLO each of its runs is judged by (attainment, goodput, run-level limits), or null
 * @param serverMetrics the server's {@code /metrics} to scrape with its runs: {@code auto} (or null: the endpoint's
 *                 {@code {host}/metrics} when it is not the built-in simulator and answers), {@code off}, or a URL
 * @param stopOnSaturation whether a run is stopped as soon as it is found saturated (its record then ends
 *                 {@code CANCELLED} with what it measured; the saturation is reported either way)
 * @param agent    the batch and shard this plan runs as one agent of (its part of the load, recorded under that
 *                 batch with its shard and clock offset), or null. Since 0.5.
 */
public record RunPlan(What what, List<Double> levels, List<GpuHost> gpuHosts, boolean record, Slo slo,
		String serverMetrics, boolean stopOnSaturation, Agent agent) {

	/** A plan of every part of its load (no agent). */
	public RunPlan(What what, List<Double> levels, List<GpuHost> gpuHosts, boolean record, Slo slo,
			String serverMetrics, boolean stopOnSaturation) {
		this(what, levels, gpuHosts, record, slo, serverMetrics, stopOnSaturation, null);
	}

	/**
	 * The batch and shard of an agent's plan.
	 *
	 * @param batchId the batch every agent records into (given by whoever starts the agents)
	 * @param shard   this agent's part of the load
	 */
	public record Agent(String batchId, io.deepstress.core.batch.Shard shard) {
		public Agent {
			if (batchId == null || batchId.isBlank()) {
				throw new IllegalArgumentException("an agent needs a batch id");
			}
			java.util.Objects.requireNonNull(shard, "shard");
		}
	}

	/** This plan run as shard {@code shard} of batch {@code batchId} (both null: the whole load). Since 0.5. */
	public RunPlan asAgent(String batchId, io.deepstress.core.batch.Shard shard) {
		return new RunPlan(what, levels, gpuHosts, record, slo, serverMetrics, stopOnSaturation,
				batchId == null && shard == null ? null
						: new Agent(batchId, shard == null ? new io.deepstress.core.batch.Shard(0, 1) : shard));
	}

	public RunPlan {
		Objects.requireNonNull(what, "what");
		levels = levels == null ? List.of() : List.copyOf(levels);
		gpuHosts = gpuHosts == null ? List.of() : List.copyOf(gpuHosts);
	}

	/** A plan without an SLO. */
	public RunPlan(What what, List<Double> levels, List<GpuHost> gpuHosts, boolean record) {
		this(what, levels, gpuHosts, record, null, null, false);
	}

	/** A plan whose runs go on when they saturate. */
	public RunPlan(What what, List<Double> levels, List<GpuHost> gpuHosts, boolean record, Slo slo,
			String serverMetrics) {
		this(what, levels, gpuHosts, record, slo, serverMetrics, false);
	}

	/** A plan scraping the server's metrics automatically. */
	public RunPlan(What what, List<Double> levels, List<GpuHost> gpuHosts, boolean record, Slo slo) {
		this(what, levels, gpuHosts, record, slo, null, false);
	}

	/** This plan, its runs stopped (or not) as soon as they are found saturated. Since 0.4. */
	public RunPlan stoppedOnSaturation(boolean on) {
		return new RunPlan(what, levels, gpuHosts, record, slo, serverMetrics, on, agent);
	}

	/** This plan scraping {@code auto}, {@code off} or a URL (see {@link #serverMetrics()}). */
	public RunPlan withServerMetrics(String setting) {
		return new RunPlan(what, levels, gpuHosts, record, slo, setting, stopOnSaturation, agent);
	}

	/** What a plan runs. */
	public sealed interface What {
	}

	/** A saved test configuration, by name (ignoring case) or id: its endpoint, datasets and sweep from the stores. */
	public record Saved(String configuration) implements What {
		public Saved {
			if (configuration == null || configuration.isBlank()) {
				throw new IllegalArgumentException("Name a saved configuration");
			}
		}
	}

	/**
	 * {@code config} against a saved endpoint (or the built-in simulator): the base URL comes from the endpoint (the
	 * simulator's real address for it), the API key from the config or else the endpoint's in secure storage; the
	 * rest of the config is used as it is.
	 */
	public record OnEndpoint(RunConfig config, Endpoint endpoint) implements What {
		public OnEndpoint {
			Objects.requireNonNull(config, "config");
			Objects.requireNonNull(endpoint, "endpoint");
		}
	}

	/** Exactly {@code config}, its target given in full (a real URL). */
	public record Given(RunConfig config) implements What {
		public Given {
			Objects.requireNonNull(config, "config");
		}
	}

	/** A saved configuration, recorded, its own sweep, no GPU host. */
	public static RunPlan saved(String configuration) {
		return new RunPlan(new Saved(configuration), List.of(), List.of(), true);
	}

	/** {@code config} on {@code endpoint}, recorded, one run, no GPU host. */
	public static RunPlan on(Endpoint endpoint, RunConfig config) {
		return new RunPlan(new OnEndpoint(config, endpoint), List.of(), List.of(), true);
	}

	/** Exactly {@code config}, recorded, one run, no GPU host. */
	public static RunPlan of(RunConfig config) {
		return new RunPlan(new Given(config), List.of(), List.of(), true);
	}

	/** This plan at these sweep levels (empty: one run, or a saved configuration's own sweep). */
	public RunPlan atLevels(List<Double> newLevels) {
		return new RunPlan(what, newLevels, gpuHosts, record, slo, serverMetrics, stopOnSaturation, agent);
	}

	/** This plan recording these GPU hosts. */
	public RunPlan withGpuHosts(List<GpuHost> hosts) {
		return new RunPlan(what, levels, hosts, record, slo, serverMetrics, stopOnSaturation, agent);
	}

	/** This plan, recorded or not. */
	public RunPlan recorded(boolean on) {
		return new RunPlan(what, levels, gpuHosts, on, slo, serverMetrics, stopOnSaturation, agent);
	}

	/** This plan, its runs judged by {@code newSlo} (null: none). */
	public RunPlan withSlo(Slo newSlo) {
		return new RunPlan(what, levels, gpuHosts, record, newSlo, serverMetrics, stopOnSaturation, agent);
	}
}
