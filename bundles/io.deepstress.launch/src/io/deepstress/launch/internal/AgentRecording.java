package io.deepstress.launch.internal;

import io.deepstress.core.batch.AgentClock;
import io.deepstress.core.batch.AgentRecord;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.services.RunHandle;
import io.deepstress.core.services.RunStore;

/**
 * What a recorded run keeps beside its samples for a batch merge: its latency histograms (every run), and for an
 * agent's run its shard, its clock against the server's (measured before it starts) and its host.
 */
final class AgentRecording {

	private final RunPlan.Agent agent;
	private final AgentClock clock;

	private AgentRecording(RunPlan.Agent agent, AgentClock clock) {
		this.agent = agent;
		this.clock = clock;
	}

	/** Before a run of {@code plan} against {@code baseUrl} starts: measures the clock when the plan is an agent's. */
	static AgentRecording before(RunPlan plan, String baseUrl) {
		RunPlan.Agent agent = plan.agent();
		return new AgentRecording(agent, agent == null ? null : ClockProbe.measure(baseUrl));
	}

	/** After the run's final write: keeps its histograms and agent record; returns why they were not kept, or null. */
	String save(RunStore store, RunHandle handle) {
		try {
			retrying(() -> {
				handle.histograms().ifPresent(h -> store.saveHistograms(handle.runId(), h));
				if (agent != null) {
					store.saveAgent(new AgentRecord(handle.runId(), agent.shard(), clock, host()));
				}
			});
			return null;
		} catch (UnsupportedOperationException e) {
			return null; // a store that keeps neither
		} catch (RuntimeException e) {
			return "the histograms were not saved: " + (e.getMessage() != null ? e.getMessage() : e.toString());
		}
	}

	static final int ATTEMPTS = 5;
	static final long RETRY_MILLIS = 400;

	/**
	 * Runs a write of the store, again after a pause when it fails for the database's sake (a shared database whose
	 * serving process just went away is reopened by the store in the meantime), at most {@link #ATTEMPTS} times; a
	 * refusal ({@link IllegalArgumentException}, {@link UnsupportedOperationException}) is not retried.
	 */
	static void retrying(Runnable write) {
		for (int attempt = 1;; attempt++) {
			try {
				write.run();
				return;
			} catch (IllegalArgumentException | UnsupportedOperationException e) {
				throw e;
			} catch (RuntimeException e) {
				if (attempt >= ATTEMPTS) {
					throw e;
				}
				try {
					Thread.sleep(RETRY_MILLIS);
				} catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw e;
				}
			}
		}
	}

	/** The agent's clock, or null when the plan is not an agent's. */
	AgentClock clock() {
		return clock;
	}

	/** The machine's name: {@code HOSTNAME} (a Kubernetes pod's name), else the local host's name, else empty. */
	static String host() {
		String env = System.getenv("HOSTNAME");
		if (env != null && !env.isBlank()) {
			return env.strip();
		}
		try {
			return java.net.InetAddress.getLocalHost().getHostName();
		} catch (java.io.IOException | RuntimeException e) {
			return "";
		}
	}
}
