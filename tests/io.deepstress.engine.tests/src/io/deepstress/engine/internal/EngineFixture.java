package io.deepstress.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunHandle;
import io.deepstress.core.services.RunListener;

/** Runs a configuration on a fresh engine and keeps everything the listener saw. */
final class EngineFixture implements RunListener {

	final JettyLoadEngine engine = new JettyLoadEngine();
	final List<RequestResult> results = new ArrayList<>();
	final List<Integer> batchSizes = new ArrayList<>();
	final List<LiveSnapshot> snapshots = new ArrayList<>();
	RunSummary finished;
	int finishedCalls;

	@Override
	public synchronized void onResults(List<RequestResult> batch) {
		results.addAll(batch);
		batchSizes.add(batch.size());
	}

	@Override
	public synchronized void onSnapshot(LiveSnapshot snapshot) {
		snapshots.add(snapshot);
	}

	@Override
	public synchronized void onFinished(RunSummary summary) {
		finished = summary;
		finishedCalls++;
	}

	RunHandle start(RunConfig config) {
		return engine.start(config, this);
	}

	/** Runs to the end (at most {@code seconds}) and returns the summary. */
	RunSummary run(RunConfig config, long seconds) throws Exception {
		return start(config).completion().get(seconds, TimeUnit.SECONDS);
	}

	synchronized List<RequestResult> finals() {
		return results.stream().filter(RequestResult::last).toList();
	}

	synchronized RequestResult only() {
		List<RequestResult> f = finals();
		if (f.size() != 1) {
			throw new AssertionError("expected one final result, got " + f);
		}
		return f.get(0);
	}

	synchronized List<RequestResult> all() {
		return new ArrayList<>(results);
	}
}
