package io.deepstress.gpu.ssh.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;

/** Records what a source delivers; waits (bounded) for batches and states. */
final class Recorder implements GpuSourceListener {

	final List<List<GpuSample>> batches = new CopyOnWriteArrayList<>();
	final List<GpuSourceState> states = new CopyOnWriteArrayList<>();
	final List<String> threads = new CopyOnWriteArrayList<>();

	@Override
	public void onSamples(List<GpuSample> samples) {
		batches.add(samples);
		String name = Thread.currentThread().getName();
		if (!threads.contains(name)) {
			threads.add(name);
		}
	}

	@Override
	public void onState(GpuSourceState state) {
		states.add(state);
	}

	GpuSourceState last() {
		return states.isEmpty() ? null : states.get(states.size() - 1);
	}

	Status status() {
		GpuSourceState last = last();
		return last == null ? null : last.status();
	}

	/** Waits until the latest state has {@code status}; returns it. */
	GpuSourceState awaitStatus(Status status, Duration timeout) {
		await("state " + status, timeout, () -> status() == status);
		return last();
	}

	/** Waits until at least {@code n} batches arrived in total; returns them. */
	List<List<GpuSample>> awaitBatches(int n, Duration timeout) {
		await(n + " batches", timeout, () -> batches.size() >= n);
		return List.copyOf(batches);
	}

	void await(String what, Duration timeout, BooleanSupplier condition) {
		long end = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - end > 0) {
				fail("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; " + this);
			}
			try {
				Thread.sleep(50);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				fail("interrupted waiting for " + what);
			}
		}
	}

	@Override
	public String toString() {
		StringBuilder s = new StringBuilder("batches: " + batches.size() + ", states:");
		for (GpuSourceState state : states) {
			s.append("\n  ").append(state.status()).append(" ").append(state.message()).append(" (samples ")
					.append(state.samples()).append(", skipped ").append(state.skipped()).append(')');
		}
		return s.toString();
	}
}
