package io.deepstress.gpu.tests;

import java.util.ArrayList;
import java.util.List;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.GpuSourceState;

/** Keeps everything a source reports. */
final class Recorder implements GpuSourceListener {

	private final List<List<GpuSample>> batches = new ArrayList<>();
	private final List<GpuSourceState> states = new ArrayList<>();

	@Override
	public synchronized void onSamples(List<GpuSample> samples) {
		batches.add(samples);
	}

	@Override
	public synchronized void onState(GpuSourceState state) {
		states.add(state);
	}

	synchronized List<List<GpuSample>> batches() {
		return new ArrayList<>(batches);
	}

	synchronized int batchCount() {
		return batches.size();
	}

	synchronized List<GpuSourceState> states() {
		return new ArrayList<>(states);
	}

	synchronized GpuSourceState lastState() {
		return states.isEmpty() ? null : states.get(states.size() - 1);
	}

	synchronized boolean sawStatus(GpuSourceState.Status status) {
		return states.stream().anyMatch(s -> s.status() == status);
	}

	@Override
	public synchronized String toString() {
		return batches.size() + " batches, states " + states;
	}
}
