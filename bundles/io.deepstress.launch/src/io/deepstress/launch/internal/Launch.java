package io.deepstress.launch.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.deepstress.core.events.LaunchTopics;
import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchListener;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchStep;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.LoadEngine;
import io.deepstress.core.services.RunHandle;
import io.deepstress.core.services.RunListener;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.slo.SloResult;
import io.deepstress.core.slo.SloTally;
import io.deepstress.launch.internal.PlanResolver.Planned;

/**
 * One launch: its runs one after another on its own thread, each recorded (when it is) by its own recorder under
 * the launch's batch, each run's final write waited for before the next starts, the GPU hosts of its plans routed
 * to the run they belong to. Cancel stops the run now and skips the rest; the completion follows the last write.
 */
final class Launch implements LaunchHandle {

	/** How long a run's final write may take before the launch goes on and says it was not completely saved. */
	static final long WRITE_WAIT_MILLIS = 30_000;

	private final String launchId;
	private final String batchId;
	private final List<Planned> runs;
	private final LaunchListener listener;
	private final LoadEngine engine;
	private final RunStore store;
	private final GpuRecording gpu;
	private final List<String> problems;
	private final BiConsumer<String, Object> bus;
	private final Consumer<Launch> onEnd;
	private final CompletableFuture<LaunchResult> completion = new CompletableFuture<>();
	private final List<RunSummary> summaries = new ArrayList<>();
	private final java.util.Map<String, String> baseUrls = new java.util.concurrent.ConcurrentHashMap<>();
	private final java.util.Map<String, SloResult> sloResults = new java.util.concurrent.ConcurrentHashMap<>();
	private final java.util.Map<String, io.deepstress.core.timeline.RunTimeline> timelines = new java.util.concurrent.ConcurrentHashMap<>();
	private volatile ServerMetricsRecording serverMetrics = ServerMetricsRecording.none();
	private volatile RunHandle current;
	private volatile LaunchStep step;
	private volatile boolean cancelled;

	/**
	 * @param store    the records store the runs are recorded in, or null when they are not
	 * @param problems what the launch will be without (see {@link #problems()})
	 * @param bus      posts an event: topic, payload
	 * @param onEnd    told once the launch has ended, before its completion completes
	 */
	Launch(String launchId, List<Planned> runs, LaunchListener listener, LoadEngine engine, RunStore store,
			GpuRecording gpu, List<String> problems, BiConsumer<String, Object> bus, Consumer<Launch> onEnd) {
		this(launchId, null, runs, listener, engine, store, gpu, problems, bus, onEnd);
	}

	/** @param batchId the batch its runs are recorded under (a capacity search's levels share one), or null: its own */
	Launch(String launchId, String batchId, List<Planned> runs, LaunchListener listener, LoadEngine engine,
			RunStore store, GpuRecording gpu, List<String> problems, BiConsumer<String, Object> bus,
			Consumer<Launch> onEnd) {
		this.launchId = launchId;
		this.runs = List.copyOf(runs);
		String agentBatch = runs.stream().filter(r -> r.plan().agent() != null).map(r -> r.plan().agent().batchId())
				.findFirst().orElse(null);
		this.batchId = batchId != null ? batchId
				: agentBatch != null ? agentBatch
				: runs.size() > 1 || runs.stream().anyMatch(r -> !r.level().isEmpty())
						? java.util.UUID.randomUUID().toString()
						: null;
		this.listener = listener;
		this.engine = engine;
		this.store = store;
		this.gpu = gpu;
		this.problems = List.copyOf(problems);
		this.bus = bus;
		this.onEnd = onEnd;
		this.step = stepOf(0);
	}

	/** Scrapes the servers' metrics with the runs through {@code recording} (before {@link #start}). */
	Launch scrapingWith(ServerMetricsRecording recording) {
		this.serverMetrics = recording;
		return this;
	}

	void start() {
		Thread t = new Thread(this::runAll, "deepstress-launch-" + launchId.substring(0, 8));
		t.setDaemon(true);
		t.start();
	}

	private LaunchStep stepOf(int i) {
		Planned p = runs.get(i);
		return new LaunchStep(launchId, p.config().name(), i + 1, runs.size(), p.level());
	}

	private void runAll() {
		String failure = null;
		List<String> unsaved = new ArrayList<>();
		bus.accept(LaunchTopics.STARTED, step);
		try {
			for (int i = 0; i < runs.size() && !cancelled; i++) {
				step = stepOf(i);
				tell(l -> l.onStep(step));
				if (cancelled) { // stopped as this step was announced
					break;
				}
				bus.accept(LaunchTopics.STEP, step);
				String notSaved = runOne(runs.get(i));
				if (notSaved != null) {
					unsaved.add(notSaved);
				}
			}
		} catch (RunFailed e) {
			failure = e.getMessage();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			failure = "interrupted";
		} catch (RuntimeException e) {
			failure = e.getMessage() != null ? e.getMessage() : e.toString();
		} finally {
			current = null;
			gpu.close();
		}
		LaunchResult result;
		synchronized (summaries) {
			result = new LaunchResult(launchId, batchId, summaries, failure, unsaved, store != null, cancelled, baseUrls,
					sloResults);
		}
		tell(l -> l.onEnd(result));
		bus.accept(LaunchTopics.FINISHED, result);
		onEnd.accept(this);
		completion.complete(result);
	}

	/** Runs one run to its end and waits for its final write; returns why it was not completely saved, or null. */
	private String runOne(Planned p) throws InterruptedException, RunFailed {
		RunOrigin origin = batchId == null ? p.origin() : p.origin().withBatch(batchId);
		RunStore.Recorder recorder = store != null && p.plan().record() ? store.recorder(p.config(), origin) : null;
		SloTally tally = p.plan().slo() == null ? null : new SloTally(p.plan().slo());
		SaturationRecording saturation = new SaturationRecording();
		RunListener heard = recorder == null ? guarded(listener)
				: RunListener.all(saturation.verdictTo(recorder), recorder, guarded(listener));
		if (tally != null) { // counted first; judged at the end, before the recorder's final write, which keeps it
			RunListener rest = heard;
			heard = new RunListener() {
				@Override
				public void onSnapshot(io.deepstress.core.run.LiveSnapshot snapshot) {
					rest.onSnapshot(snapshot);
				}

				@Override
				public void onResults(List<io.deepstress.core.run.RequestResult> batch) {
					tally.onResults(batch);
					rest.onResults(batch);
				}

				@Override
				public void onFinished(RunSummary summary) {
					SloResult judged = tally.result(summary);
					sloResults.put(summary.runId(), judged);
					if (recorder != null) {
						recorder.onSlo(judged);
					}
					rest.onFinished(summary);
				}
			};
		}
		// every run is watched for saturation: an event and the listener's onSaturation, at most once
		heard = RunListener.all(heard, saturation.watch(found -> {
					bus.accept(io.deepstress.core.events.RunTopics.SATURATED, found);
					tell(l -> l.onSaturation(found));
					RunHandle running = current;
					if (p.plan().stopOnSaturation() && running != null) {
						running.cancel(); // the run ends CANCELLED with everything it measured
					}
				}));
		long originNanos = System.nanoTime();
		long originEpochMillis = System.currentTimeMillis();
		TimelineBuilder timeline = new TimelineBuilder(originNanos);
		heard = RunListener.all(timeline, heard, new LiveTimelinePosts(timeline, originEpochMillis, bus));
		ServerMetricsRecording.Scraping scraping = serverMetrics.start(p.plan().serverMetrics(),
				p.config().target().baseUrl(),
				io.deepstress.core.model.Endpoint.BUILTIN_SIMULATOR_NAME.equals(p.origin().endpointName()), originNanos);
		AgentRecording agent = recorder == null ? null : AgentRecording.before(p.plan(), p.config().target().baseUrl());
		RunHandle handle;
		try {
			handle = engine.start(p.config(), heard);
		} catch (RuntimeException e) {
			scraping.finish();
			throw new RunFailed(p.config().name() + ": " + e.getMessage(), e);
		}
		current = handle;
		baseUrls.put(handle.runId(), p.config().target().baseUrl());
		GpuRecording.Route route = recorder == null ? () -> {
		} : gpu.route(handle.runId(), p.plan().gpuHosts());
		try {
			if (cancelled) { // Stop came while this run was starting: cancel() did not see it
				handle.cancel();
			}
			RunSummary summary;
			try {
				summary = handle.completion().get();
			} catch (ExecutionException e) {
				throw new RunFailed(p.config().name() + ": " + e.getCause().getMessage(), e.getCause());
			}
			if (tally != null && !sloResults.containsKey(summary.runId())) {
				sloResults.put(summary.runId(), tally.result(summary));
			}
			synchronized (summaries) {
				summaries.add(summary);
			}
		} finally {
			route.close();
			current = null;
			ServerMetricsRecording.Result server = scraping.finish();
			timelines.put(handle.runId(), new io.deepstress.core.timeline.RunTimeline(handle.runId(), originEpochMillis,
					timeline.points(), server.series(), server.status()));
		}
		if (recorder != null && !recorder.awaitWritten(WRITE_WAIT_MILLIS)) {
			return recorder.lastError() != null ? recorder.lastError()
					: "no confirmation from the records store within " + WRITE_WAIT_MILLIS / 1000 + " s";
		}
		if (recorder != null) {
			try {
				AgentRecording.retrying(() -> store.saveTimeline(timelines.get(handle.runId())));
			} catch (RuntimeException e) {
				return "the timeline was not saved: " + (e.getMessage() != null ? e.getMessage() : e.toString());
			}
			return agent.save(store, handle);
		}
		return null;
	}

	@Override
	public java.util.Optional<io.deepstress.core.timeline.RunTimeline> timeline(String runId) {
		return java.util.Optional.ofNullable(timelines.get(runId));
	}

	/** The client's listener must not break the run or its recording. */
	private static RunListener guarded(RunListener l) {
		return new RunListener() {
			@Override
			public void onSnapshot(io.deepstress.core.run.LiveSnapshot snapshot) {
				try {
					l.onSnapshot(snapshot);
				} catch (RuntimeException e) {
					// a listener's own problem
				}
			}

			@Override
			public void onResults(List<io.deepstress.core.run.RequestResult> batch) {
				try {
					l.onResults(batch);
				} catch (RuntimeException e) {
					// as above
				}
			}

			@Override
			public void onFinished(RunSummary summary) {
				try {
					l.onFinished(summary);
				} catch (RuntimeException e) {
					// as above
				}
			}
		};
	}

	private void tell(Consumer<LaunchListener> call) {
		try {
			call.accept(listener);
		} catch (RuntimeException e) {
			// a listener's own problem
		}
	}

	/** A run that could not start or ended with an exception: the launch stops there. */
	private static final class RunFailed extends Exception {
		private static final long serialVersionUID = 1L;

		RunFailed(String message, Throwable cause) {
			super(message, cause);
		}
	}

	@Override
	public String launchId() {
		return launchId;
	}

	@Override
	public String batchId() {
		return batchId;
	}

	@Override
	public int runCount() {
		return runs.size();
	}

	@Override
	public Optional<RunHandle> current() {
		return Optional.ofNullable(current);
	}

	@Override
	public LaunchStep step() {
		return step;
	}

	@Override
	public List<RunSummary> summaries() {
		synchronized (summaries) {
			return List.copyOf(summaries);
		}
	}

	@Override
	public List<String> problems() {
		return problems;
	}

	@Override
	public boolean recorded() {
		return store != null;
	}

	@Override
	public void cancel() {
		cancelled = true;
		RunHandle h = current;
		if (h != null) {
			h.cancel();
		}
	}

	@Override
	public CompletableFuture<LaunchResult> completion() {
		return completion;
	}
}
