package io.deepstress.ui.launch.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.deepstress.core.model.Dataset;
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
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.BuiltinSimulator;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.LoadEngine;
import io.deepstress.core.services.RunHandle;
import io.deepstress.core.services.RunListener;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.services.SecretStore;

/**
 * Starts runs from the workbench on a background thread, one after another (several configurations are
 * one batch), each recorded in the records store when it can be. No SWT here: the views call it and
 * listen to its callbacks (on the background thread) and to the run events on the bus.
 */
final class Launcher {

	/** What a quick test asks for. */
	record Quick(Endpoint endpoint, int concurrency, long requests, Integer maxTokens) {
	}

	/**
	 * The run a launch is at: its name, its place in the launch ({@code index} from 1 of {@code count}) and, in
	 * a sweep, the concurrency of its level (0 otherwise).
	 */
	record Step(String runName, int index, int count, int level) {

		/** How a view says it: "level 2 of 4: concurrency 8", "run 2 of 3", or empty for a single run. */
		String text() {
			if (level > 0) {
				return "level " + index + " of " + count + ": concurrency " + level;
			}
			return count > 1 ? "run " + index + " of " + count : "";
		}
	}

	/** The most concurrent requests a level of a sweep may ask for, as in the quick test's Concurrency. */
	static final int MAX_LEVEL = 4096;

	/** The hint of an empty sweep field (the quick test's and the configuration dialog's). */
	static final String SWEEP_HINT = "e.g. 1,8,32,128 — one run per concurrency level; empty = one run";

	/** The services a launch needs; any may be null when its bundle is missing (store, secrets). */
	record Services(LoadEngine engine, RunStore store, ConfigurationStore configurations, BuiltinSimulator simulator,
			SecretStore secrets) {
	}

	private final Services services;
	private volatile RunHandle current;
	private volatile boolean stopped;
	private volatile Thread worker;

	Launcher(Services services) {
		this.services = services;
	}

	boolean running() {
		Thread t = worker;
		return t != null && t.isAlive();
	}

	/** Cancels the running run and the ones still waiting in its batch. */
	void stop() {
		stopped = true;
		RunHandle h = current;
		if (h != null) {
			h.cancel();
		}
	}

	RunConfig quickConfig(Quick q) {
		Endpoint e = q.endpoint();
		return new RunConfig("quick test on " + e.name(), new ApiTarget(baseUrl(e), e.apiKind(), e.model(), e.headers(),
				apiKey(e)), new RequestOptions(true, q.maxTokens(), null, null, true),
				List.of(new DatasetShare(Datasets.builtin(), 1)), new Load.ClosedLoop(q.concurrency()),
				Limits.requests(q.requests()), e.timeouts(), RetryPolicy.none());
	}

	/**
	 * The levels of a sweep as typed: positive whole numbers separated by commas (spaces allowed), in the
	 * order given; an empty text is no sweep (an empty list).
	 *
	 * @throws IllegalArgumentException saying which entry is wrong
	 */
	static List<Integer> levels(String text) {
		String trimmed = text.strip();
		if (trimmed.isEmpty()) {
			return List.of();
		}
		List<Integer> levels = new ArrayList<>();
		for (String entry : trimmed.split(",", -1)) {
			String level = entry.strip();
			int value = level.matches("[0-9]{1,9}") ? Integer.parseInt(level) : -1;
			if (value < 1 || value > MAX_LEVEL) {
				throw new IllegalArgumentException("Sweep: '" + level + "' is not a concurrency level (a whole number"
						+ " from 1 to " + MAX_LEVEL + "; levels separated by commas, e.g. 1,8,32,128)");
			}
			levels.add(value);
		}
		return List.copyOf(levels);
	}

	/**
	 * The levels of a saved configuration's sweep as typed: for a closed loop as {@link #levels(String)}, for an
	 * open loop positive rates (requests per second) separated by commas; empty text is no sweep.
	 *
	 * @throws IllegalArgumentException saying which entry is wrong
	 */
	static List<Double> levels(String text, boolean closedLoop) {
		if (closedLoop) {
			return levels(text).stream().map(Integer::doubleValue).toList();
		}
		String trimmed = text.strip();
		if (trimmed.isEmpty()) {
			return List.of();
		}
		List<Double> rates = new ArrayList<>();
		for (String entry : trimmed.split(",", -1)) {
			String level = entry.strip();
			double rate;
			try {
				rate = level.matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+") ? Double.parseDouble(level) : -1;
			} catch (NumberFormatException e) {
				rate = -1;
			}
			if (!(rate > 0) || Double.isInfinite(rate)) {
				throw new IllegalArgumentException("Sweep: '" + level + "' is not a rate (a number of requests per second"
						+ " above 0; rates separated by commas, e.g. 1,5,20)");
			}
			rates.add(rate);
		}
		return List.copyOf(rates);
	}

	/**
	 * A quick test at each of these concurrency levels, in their order: the same requests, named after the
	 * endpoint and the level ("&lt;endpoint&gt; c8") so the runs of a sweep tell apart in the records.
	 */
	List<RunConfig> sweepConfigs(Quick q, List<Integer> levels) {
		// named after the endpoint and the level ("Built-in simulator c8")
		RunConfig base = quickConfig(q).withName(q.endpoint().name());
		List<RunConfig> configs = new ArrayList<>();
		for (int level : levels) {
			configs.add(base.atLevel(level));
		}
		return configs;
	}

	/** The runs of a saved configuration: one, or one per level of its sweep ("name c8"), in order. */
	List<RunConfig> configs(TestConfiguration c, Endpoint e) {
		ConfigurationStore store = services.configurations();
		return c.toRunConfigs(e, baseUrl(e), apiKey(e), name -> {
			Dataset d = store == null ? null : store.dataset(name).orElse(null);
			return d == null && Datasets.BUILTIN.equals(name) ? Datasets.builtin() : d;
		});
	}

	private String baseUrl(Endpoint e) {
		if (!e.isBuiltin()) {
			return e.baseUrl();
		}
		if (services.simulator() == null) {
			throw new IllegalStateException("The built-in simulator is not installed");
		}
		return services.simulator().baseUrl();
	}

	private String apiKey(Endpoint e) {
		return e.isBuiltin() || services.secrets() == null ? null : services.secrets().get(e.secretKey()).orElse(null);
	}

	/**
	 * Runs these configurations one after another on a new thread; several, or the levels of a sweep (even
	 * one), are one batch. {@code onStep} hears of each run before it starts; {@code onEnd} gets the summaries
	 * of the runs that ran (in order) and the failure that stopped the batch, if any.
	 */
	void launch(List<RunConfig> configs, List<RunOrigin> origins, boolean sweep, Consumer<String> onStatus,
			Consumer<Step> onStep, java.util.function.BiConsumer<List<RunSummary>, Throwable> onEnd) {
		if (running()) {
			throw new IllegalStateException("A test is already running");
		}
		stopped = false;
		String batch = configs.size() > 1 || sweep ? UUID.randomUUID().toString() : null;
		Thread t = new Thread(() -> {
			List<RunSummary> done = new ArrayList<>();
			Throwable failure = null;
			try {
				for (int i = 0; i < configs.size() && !stopped; i++) {
					RunConfig config = configs.get(i);
					RunOrigin origin = batch == null ? origins.get(i) : origins.get(i).withBatch(batch);
					RunStore store = services.store();
					RunStore.Recorder recorder = store != null && store.problem().isEmpty() ? store.recorder(config, origin)
							: null;
					Step step = new Step(config.name(), i + 1, configs.size(),
							sweep && config.load() instanceof Load.ClosedLoop closed ? closed.concurrency() : 0);
					onStep.accept(step);
					onStatus.accept("Running " + config.name() + (step.text().isEmpty() ? "" : " (" + step.text() + ")")
							+ (recorder == null ? " — not recorded: the records database"
									+ " cannot be used" : ""));
					RunHandle handle = services.engine().start(config, recorder == null ? RunListener.NONE : recorder);
					current = handle;
					if (stopped) { // Stop came while this run was starting: stop() did not see it
						handle.cancel();
					}
					done.add(handle.completion().get());
					if (recorder != null) {
						recorder.awaitWritten(30_000);
					}
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				failure = e;
			} catch (Exception e) {
				failure = e.getCause() != null ? e.getCause() : e;
			} finally {
				current = null;
			}
			onEnd.accept(done, failure);
		}, "deepstress-launch");
		t.setDaemon(true);
		worker = t;
		t.start();
	}
}
