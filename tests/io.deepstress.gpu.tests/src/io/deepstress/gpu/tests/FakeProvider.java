package io.deepstress.gpu.tests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;

/** A provider driven by the test: every open is kept, and the test pushes samples through its listener. */
final class FakeProvider implements GpuProvider {

	/** One opened source. */
	static final class Opened implements GpuSource {
		final GpuHost host;
		final Duration interval;
		final GpuSourceListener listener;
		volatile boolean closed;

		Opened(GpuHost host, Duration interval, GpuSourceListener listener) {
			this.host = host;
			this.interval = interval;
			this.listener = listener;
		}

		@Override
		public GpuHost host() {
			return host;
		}

		@Override
		public GpuSourceState state() {
			return new GpuSourceState(host.id(), host.name(), closed ? Status.STOPPED : Status.OK, null, 0, 0, 0);
		}

		@Override
		public void close() {
			closed = true;
			listener.onState(state());
		}

		/** Pushes one batch of {@code gpus} samples (index 0..gpus-1) taken at {@code t}. */
		void push(int gpus, long t) {
			List<GpuSample> batch = new ArrayList<>();
			for (int i = 0; i < gpus; i++) {
				batch.add(sample(host.sampleHost(), i, "GPU-fake-" + i, t));
			}
			listener.onSamples(batch);
		}
	}

	static GpuSample sample(String host, int index, String uuid, long t) {
		return new GpuSample(t, host, index, uuid, "Fake GPU", 50.0, 1000L, 8000L, 40.0, 100.0, 300.0, 1500L, null);
	}

	private final GpuHost.Kind kind;
	private final RuntimeException failure;
	private final List<Opened> opened = new ArrayList<>();

	FakeProvider(GpuHost.Kind kind) {
		this(kind, null);
	}

	/** @param failure thrown by every open, if not null */
	FakeProvider(GpuHost.Kind kind, RuntimeException failure) {
		this.kind = kind;
		this.failure = failure;
	}

	@Override
	public GpuHost.Kind kind() {
		return kind;
	}

	@Override
	public synchronized GpuSource open(GpuHost host, Duration interval, GpuSourceListener listener) {
		if (failure != null) {
			throw failure;
		}
		Opened o = new Opened(host, interval, listener);
		opened.add(o);
		listener.onState(new GpuSourceState(host.id(), host.name(), Status.STARTING, null, 0, 0, 0));
		return o;
	}

	synchronized List<Opened> opened() {
		return new ArrayList<>(opened);
	}

	synchronized Opened last() {
		if (opened.isEmpty()) {
			throw new AssertionError("never opened");
		}
		return opened.get(opened.size() - 1);
	}
}
