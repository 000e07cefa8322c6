package io.deepstress.sample.amd.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;

/**
 * Runs {@code COMMAND metric --json} every interval on a thread of its own (10 s at most per run). A command that
 * cannot be started makes the source {@link Status#UNAVAILABLE} (not retried); a failed run or JSON it cannot read
 * is {@link Status#RECONNECTING} with the reason, and the next run tries again.
 */
public final class AmdSmiSource implements GpuSource {

	private static final long RUN_LIMIT_SECONDS = 10;

	private final GpuHost host;
	private final long intervalMillis;
	private final GpuSourceListener listener;
	private final ScheduledExecutorService timer;
	private ScheduledFuture<?> task;
	private volatile GpuSourceState state;
	private volatile Process running;
	private long samples;
	private long skipped;

	AmdSmiSource(GpuHost host, long intervalMillis, GpuSourceListener listener) {
		this.host = host;
		this.intervalMillis = intervalMillis;
		this.listener = listener;
		this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "deepstress-amd-smi-" + host.name());
			t.setDaemon(true);
			return t;
		});
		this.state = new GpuSourceState(host.id(), host.name(), Status.STARTING, null, System.currentTimeMillis(), 0, 0);
	}

	synchronized void start() {
		listener.onState(state);
		task = timer.scheduleAtFixedRate(this::runOnce, 0, intervalMillis, TimeUnit.MILLISECONDS);
	}

	private void runOnce() {
		Process p;
		try {
			p = new ProcessBuilder(host.command(), "metric", "--json").redirectInput(ProcessBuilder.Redirect.from(
					new java.io.File("/dev/null"))).start();
		} catch (IOException e) {
			set(Status.UNAVAILABLE, "cannot run " + host.command() + ": " + e.getMessage());
			synchronized (this) {
				task.cancel(false);
			}
			return;
		}
		running = p;
		try {
			CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
			String out = read(p.getInputStream());
			if (!p.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				fail(host.command() + " did not finish within " + RUN_LIMIT_SECONDS + " s");
				return;
			}
			if (p.exitValue() != 0) {
				String first = err.getNow("").lines().filter(l -> !l.isBlank()).findFirst().orElse("");
				fail(host.command() + " exited with " + p.exitValue() + (first.isEmpty() ? "" : ": " + first));
				return;
			}
			List<GpuSample> gpus = AmdSmiJson.gpus(out, System.currentTimeMillis(), host.sampleHost());
			samples += gpus.size();
			set(Status.OK, null);
			listener.onSamples(gpus);
		} catch (IllegalArgumentException e) {
			fail(host.command() + " metric --json: " + e.getMessage());
		} catch (InterruptedException e) {
			p.destroyForcibly();
			Thread.currentThread().interrupt();
		} finally {
			running = null;
		}
	}

	private static String read(java.io.InputStream in) {
		try (in) {
			return new String(in.readNBytes(16 << 20), StandardCharsets.UTF_8);
		} catch (IOException e) {
			return "";
		}
	}

	private void fail(String reason) {
		skipped++;
		set(Status.RECONNECTING, reason + "; retrying every " + intervalMillis + " ms");
	}

	private void set(Status status, String message) {
		GpuSourceState old = state;
		boolean changed = old.status() != status || !Objects.equals(old.message(), message);
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
		Process p = running;
		if (p != null) {
			p.destroyForcibly();
		}
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
