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

	RunConfig config(TestConfiguration c, Endpoint e) {
		ConfigurationStore store = services.configurations();
		return c.toRunConfig(e, baseUrl(e), apiKey(e), name -> {
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
	 * Runs these configurations one after another on a new thread. {@code onEnd} gets the summaries of the
	 * runs that ran (in order) and the failure that stopped the batch, if any.
	 */
	void launch(List<RunConfig> configs, List<RunOrigin> origins, Consumer<String> onStatus,
			java.util.function.BiConsumer<List<RunSummary>, Throwable> onEnd) {
		if (running()) {
			throw new IllegalStateException("A test is already running");
		}
		stopped = false;
		String batch = configs.size() > 1 ? UUID.randomUUID().toString() : null;
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
					onStatus.accept("Running " + config.name() + (configs.size() > 1 ? " (" + (i + 1) + " of "
							+ configs.size() + ")" : "") + (recorder == null ? " — not recorded: the records database"
									+ " cannot be used" : ""));
					RunHandle handle = services.engine().start(config, recorder == null ? RunListener.NONE : recorder);
					current = handle;
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
