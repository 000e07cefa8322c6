package io.deepstress.launch.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.deepstress.core.capacity.CapacityLevel;
import io.deepstress.core.capacity.CapacityRecord;
import io.deepstress.core.capacity.CapacityRequest;
import io.deepstress.core.capacity.CapacityResult;
import io.deepstress.core.capacity.CapacitySearch;
import io.deepstress.core.capacity.CapacityStore;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.slo.SloResult;
import io.deepstress.launch.internal.PlanResolver.Planned;

/**
 * One capacity search on its own thread: every level's run is a {@link Launch} of one run under the search's
 * batch, recorded like any other run; the decisions are the {@link CapacitySearcher}'s. Cancel stops the run in
 * progress; the result keeps every finished level.
 */
final class CapacityRun implements CapacitySearch.Handle {

	/** Builds and starts the launch of one run under the search's batch. */
	interface Launcher {
		Launch start(Planned run, String batchId);
	}

	private final CapacityRequest request;
	private final Planned base;
	private final String baseName;
	private final Launcher launcher;
	private final String batchId;
	private final Map<Double, List<CapacityLevel.Run>> prior;
	private final CapacityStore store;
	private final long startedMillis;
	private final List<CapacityLevel> judged = new ArrayList<>();
	private final CompletableFuture<CapacityResult> completion = new CompletableFuture<>();
	private final List<String> unsaved = new ArrayList<>();
	private volatile Launch current;
	private volatile boolean cancelled;
	private volatile String failure;

	CapacityRun(CapacityRequest request, Planned base, String baseName, Launcher launcher) {
		this(request, base, baseName, launcher, null, null, Map.of(), System.currentTimeMillis());
	}

	/**
	 * A search whose levels are saved to {@code store} (null: not kept) as they are judged; with a {@code batchId}
	 * and {@code prior} runs it continues the stored search of that batch.
	 */
	CapacityRun(CapacityRequest request, Planned base, String baseName, Launcher launcher, CapacityStore store,
			String batchId, Map<Double, List<CapacityLevel.Run>> prior, long startedMillis) {
		this.request = request;
		this.base = base;
		this.baseName = baseName;
		this.launcher = launcher;
		this.store = store;
		this.batchId = batchId != null ? batchId : UUID.randomUUID().toString();
		this.prior = prior;
		this.startedMillis = startedMillis;
	}

	void start() {
		Thread t = new Thread(this::search, "deepstress-capacity-" + batchId.substring(0, 8));
		t.setDaemon(true);
		t.start();
	}

	private void search() {
		CapacityResult result;
		try {
			CapacitySearcher searcher = new CapacitySearcher(request, prior, this::runAt, (i, level) -> {
				judged.add(level);
				save(CapacityRecord.running(request, batchId, baseName, judged, startedMillis));
				tell(() -> request.listener().onLevel(i, level));
			});
			result = searcher.search(batchId, unsaved);
			if (failure != null) {
				result = new CapacityResult(result.answer(), result.low(), result.high(), result.confidence(),
						result.boundary(), result.by(), result.levels(), batchId, "failed",
						"The search stopped: " + failure + (result.found() ? " (partial: " + result.message() + ")" : ""),
						result.slo(), result.resolution(), unsaved);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			result = failed("interrupted");
		} catch (RuntimeException e) {
			result = failed(e.getMessage() != null ? e.getMessage() : e.toString());
		}
		if (!result.levels().isEmpty()) {
			int before = unsaved.size();
			save(CapacityRecord.ended(request, baseName, result, startedMillis));
			if (unsaved.size() > before) {
				CapacityResult r = result;
				result = new CapacityResult(r.answer(), r.low(), r.high(), r.confidence(), r.boundary(), r.by(),
						r.levels(), r.batchId(), r.stop(), r.message(), r.slo(), r.resolution(), unsaved);
			}
		}
		CapacityResult end = result;
		tell(() -> request.listener().onSearchEnd(end));
		completion.complete(end);
	}

	/** Keeps the search with its batch; a failure to do so is reported with the result, not thrown. */
	private void save(CapacityRecord record) {
		if (store == null) {
			return;
		}
		try {
			store.save(record);
		} catch (RuntimeException e) {
			String why = "the capacity search could not be saved: " + (e.getMessage() != null ? e.getMessage() : e);
			synchronized (unsaved) {
				if (!unsaved.contains(why)) {
					unsaved.add(why);
				}
			}
		}
	}

	private CapacityResult failed(String why) {
		return new CapacityResult(Double.NaN, Double.NaN, Double.NaN, request.confidence(), "slope", request.by(),
				List.of(), batchId, "failed", "The search stopped: " + why, request.slo().expression(),
				request.resolution(), unsaved);
	}

	/** One run at a level; null when the search was stopped or the run could not be had. */
	private CapacityLevel.Run runAt(double level) throws InterruptedException {
		if (cancelled) {
			return null;
		}
		RunConfig config = configAt(level);
		Planned run = new Planned(config, base.origin(), base.plan().withSlo(request.slo()), config.load().label());
		Launch launch = launcher.start(run, batchId);
		current = launch;
		if (cancelled) {
			launch.cancel();
		}
		LaunchResult r;
		try {
			r = launch.completion().get();
		} catch (ExecutionException e) {
			failure = String.valueOf(e.getCause().getMessage());
			return null;
		} finally {
			current = null;
		}
		unsaved.addAll(r.unsaved());
		if (r.summaries().isEmpty()) {
			if (!cancelled && !r.cancelled()) { // a Stop while the level's run was starting is a stop, not a failure
				failure = r.failure() != null ? r.failure() : "the run did not start";
			}
			return null;
		}
		RunSummary s = r.summaries().get(0);
		if (cancelled || r.cancelled() || s.status() == RunStatus.CANCELLED) {
			return null; // recorded as cancelled, not judged
		}
		SloResult slo = r.slo().get(s.runId());
		if (slo == null) {
			failure = "no SLO result for run " + s.runId();
			return null;
		}
		return new CapacityLevel.Run(s, slo);
	}

	/** The base configuration at a level: its load at the level, run for the level duration after a warm-up. */
	RunConfig configAt(double level) {
		RunConfig c = base.config().withName(baseName);
		Load load = switch (request.by()) {
			case CONCURRENCY -> new Load.ClosedLoop((int) Math.rint(level));
			case RATE -> c.load() instanceof Load.OpenLoop open ? open.withLevel(level)
					: new Load.OpenLoop(level, true, Math.max(64, Math.max(c.load() instanceof Load.ClosedLoop cl
							? cl.concurrency() : 1, (int) Math.ceil(level * 4))));
		};
		// one request per user (closed loop) or about a second of arrivals (open loop) first, left out
		int warmup = (int) Math.min(4096, Math.ceil(level));
		Limits limits = new Limits(0, request.levelDuration(), false, warmup);
		RunConfig at = new RunConfig(c.name(), c.target(), c.request(), c.datasets(), load, limits, c.timeouts(),
				c.retry());
		return at.withName(baseName + " " + load.label());
	}

	private static void tell(Runnable r) {
		try {
			r.run();
		} catch (RuntimeException e) {
			// a listener's own problem
		}
	}

	@Override
	public String batchId() {
		return batchId;
	}

	@Override
	public void cancel() {
		cancelled = true;
		Launch l = current;
		if (l != null) {
			l.cancel();
		}
	}

	@Override
	public CompletableFuture<CapacityResult> completion() {
		return completion;
	}

	/** The name a plan's runs go by without a level suffix. */
	static String baseName(RunPlan plan, Planned resolved) {
		return switch (plan.what()) {
			case RunPlan.Saved s -> resolved.origin().configurationName() != null
					? resolved.origin().configurationName()
					: s.configuration();
			case RunPlan.OnEndpoint on -> on.config().name();
			case RunPlan.Given g -> g.config().name();
		};
	}
}
