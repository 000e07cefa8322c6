package io.deepstress.gpu.dcgm.internal;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;
import io.deepstress.servermetrics.PrometheusReader;

/**
 * One DCGM exporter read every interval on a thread of its own. A failed read (refused, timed out, HTTP error, not
 * Prometheus text, no GPU in it) puts the source in {@link Status#RECONNECTING} with the reason, and the next read
 * tries again; the first good read after that makes it {@link Status#OK} again.
 */
public final class DcgmSource implements GpuSource {

	private final GpuHost host;
	private final long intervalMillis;
	private final GpuSourceListener listener;
	private final URI url;
	private final PrometheusReader reader = new PrometheusReader();
	private final ScheduledExecutorService timer;
	private volatile GpuSourceState state;
	private long samples;
	private long skipped;

	DcgmSource(GpuHost host, long intervalMillis, GpuSourceListener listener) {
		this.host = host;
		this.intervalMillis = intervalMillis;
		this.listener = listener;
		this.url = URI.create(host.hostname());
		this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "deepstress-dcgm-" + host.name());
			t.setDaemon(true);
			return t;
		});
		this.state = new GpuSourceState(host.id(), host.name(), Status.STARTING, null, System.currentTimeMillis(), 0, 0);
	}

	void start() {
		listener.onState(state);
		timer.scheduleAtFixedRate(this::readOnce, 0, intervalMillis, TimeUnit.MILLISECONDS);
	}

	private void readOnce() {
		try {
			List<PrometheusReader.Sample> text = reader.read(url);
			List<GpuSample> gpus = DcgmMetrics.gpus(text, System.currentTimeMillis(), host.sampleHost());
			if (gpus.isEmpty()) {
				skipped++;
				set(Status.RECONNECTING, "the exporter at " + url + " reports no GPU (no DCGM_FI_* sample with a gpu label)");
				return;
			}
			samples += gpus.size();
			set(Status.OK, null);
			listener.onSamples(gpus);
		} catch (PrometheusReader.Failure e) {
			skipped++;
			set(Status.RECONNECTING, "DCGM exporter " + url + ": " + e.getMessage() + "; retrying every "
					+ intervalMillis + " ms");
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (RuntimeException e) {
			skipped++;
			set(Status.RECONNECTING, "DCGM exporter " + url + ": " + e);
		}
	}

	private void set(Status status, String message) {
		GpuSourceState old = state;
		boolean changed = old.status() != status || !java.util.Objects.equals(old.message(), message);
		state = new GpuSourceState(host.id(), host.name(), status, message,
				changed ? System.currentTimeMillis() : old.sinceEpochMillis(), samples, skipped);
		if (changed) {
			listener.onState(state);
		}
	}

	@Override
	public GpuHost host() {
		return host;
	}

	@Override
	public GpuSourceState state() {
		return state;
	}

	@Override
	public void close() {
		timer.shutdownNow();
		try {
			timer.awaitTermination(3, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		GpuSourceState old = state;
		state = new GpuSourceState(host.id(), host.name(), Status.STOPPED, null, System.currentTimeMillis(),
				old.samples(), old.skipped());
		listener.onState(state);
	}
}
