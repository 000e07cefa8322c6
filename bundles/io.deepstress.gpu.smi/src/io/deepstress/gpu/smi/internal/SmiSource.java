package io.deepstress.gpu.smi.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceStatus;
import io.deepstress.core.gpu.GpuSourceState.Status;
import io.deepstress.gpu.smi.NvidiaSmi;
import io.deepstress.gpu.smi.NvidiaSmiBatcher;

/**
 * One host read by one long-running {@code nvidia-smi ... -lms N} process. A daemon thread reads its
 * stdout line by line, another keeps the last stderr line. The lines of one interval (one per GPU) become
 * one batch ({@link NvidiaSmiBatcher}); a timer ends a batch after a short quiet gap. When the process ends it
 * is restarted with exponential backoff; a driver failure, a missing command or repeated exits without a
 * reading make the source UNAVAILABLE. {@link #close()} ends the process tree and every thread.
 */
public final class SmiSource implements GpuSource {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private final GpuHost host;
	private final long intervalMillis;
	private final long quietMillis;
	private final GpuSourceListener listener;
	private final GpuSourceStatus status;
	private final long backoffBaseMillis;
	private final long backoffMaxMillis;
	private final int maxSilentExits;
	private final String threadPrefix;
	private final ScheduledExecutorService timer;

	private final Object lock = new Object();
	/** Orders deliveries; guards {@link #batcher}. Taken before {@link #lock}, never inside it. */
	private final Object deliveryLock = new Object();
	private final NvidiaSmiBatcher batcher;

	// guarded by lock
	private boolean closed;
	private int generation;
	private Process process;
	private Thread outReader;
	private Thread errReader;
	private ScheduledFuture<?> quietTask;
	/** The run whose lines the batcher holds (guarded by deliveryLock). */
	private int batchRun;
	private boolean runDelivered;
	private int silentExits;
	private long backoffMillis;

	// written by the reader threads of the current run
	private volatile String lastStderr;
	private volatile String driverFailure;

	SmiSource(GpuHost host, long intervalMillis, GpuSourceListener listener, long backoffBaseMillis,
			long backoffMaxMillis, int maxSilentExits) {
		this.host = host;
		this.intervalMillis = intervalMillis;
		this.quietMillis = Math.max(20, Math.min(150, intervalMillis / 3));
		this.listener = listener;
		this.status = new GpuSourceStatus(host, listener);
		this.backoffBaseMillis = Math.max(1, backoffBaseMillis);
		this.backoffMaxMillis = Math.max(this.backoffBaseMillis, backoffMaxMillis);
		this.backoffMillis = this.backoffBaseMillis;
		this.maxSilentExits = maxSilentExits;
		this.threadPrefix = "deepstress-smi-" + host.id() + "-" + SEQUENCE.incrementAndGet();
		this.batcher = new NvidiaSmiBatcher(host.sampleHost(), Duration.ofMillis(quietMillis), this::deliver);
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
			Thread t = new Thread(r, threadPrefix + "-timer");
			t.setDaemon(true);
			return t;
		});
		executor.setRemoveOnCancelPolicy(true);
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.timer = executor;
	}

	void start() {
		status.announce();
		launch();
	}

	@Override
	public GpuHost host() {
		return host;
	}

	@Override
	public GpuSourceState state() {
		return status.state();
	}

	/** Prefix of the names of this source's threads (for tests and thread dumps). */
	public String threadPrefix() {
		return threadPrefix;
	}

	/** The running nvidia-smi process, if any. */
	public Optional<ProcessHandle> process() {
		synchronized (lock) {
			return process == null ? Optional.empty() : Optional.of(process.toHandle());
		}
	}

	private void launch() {
		int run;
		synchronized (lock) {
			if (closed) {
				return;
			}
			run = ++generation;
			runDelivered = false;
			lastStderr = null;
			driverFailure = null;
		}
		List<String> command = NvidiaSmi.command(host.command(), intervalMillis);
		Process started;
		try {
			started = new ProcessBuilder(command).start();
		} catch (IOException | RuntimeException e) {
			status.set(Status.UNAVAILABLE, "Cannot run " + host.command() + ": " + reason(e)
					+ " (is the NVIDIA driver with nvidia-smi installed?)");
			return;
		}
		try {
			started.getOutputStream().close();
		} catch (IOException e) {
			// stdin is not used
		}
		Thread out = new Thread(() -> readOut(started, run), threadPrefix + "-stdout");
		Thread err = new Thread(() -> readErr(started), threadPrefix + "-stderr");
		out.setDaemon(true);
		err.setDaemon(true);
		synchronized (lock) {
			if (closed) {
				ProcessTree.destroy(started);
				return;
			}
			process = started;
			outReader = out;
			errReader = err;
		}
		err.start();
		out.start();
	}

	private static String reason(Exception e) {
		String m = e.getMessage();
		if (m == null) {
			return e.getClass().getSimpleName();
		}
		// "Cannot run program "x": error=2, No such file or directory" -> "No such file or directory"
		int comma = m.lastIndexOf(", ");
		return m.contains("error=") && comma >= 0 ? m.substring(comma + 2) : m;
	}

	private void readErr(Process p) {
		try (BufferedReader r = p.errorReader(StandardCharsets.UTF_8)) {
			String line;
			while ((line = r.readLine()) != null) {
				if (!line.isBlank()) {
					lastStderr = line.strip();
					if (NvidiaSmi.isDriverFailure(line)) {
						driverFailure = line.strip();
					}
				}
			}
		} catch (IOException e) {
			// closed
		}
	}

	private void readOut(Process p, int run) {
		try (BufferedReader r = p.inputReader(StandardCharsets.UTF_8)) {
			String line;
			while ((line = r.readLine()) != null) {
				onLine(line, run);
			}
		} catch (IOException e) {
			// the stream was closed by close(), or the process died
		}
		int code;
		try {
			if (!p.waitFor(5, TimeUnit.SECONDS)) {
				ProcessTree.destroy(p);
			}
			code = p.waitFor();
			Thread err;
			synchronized (lock) {
				err = errReader;
			}
			if (err != null && err != Thread.currentThread()) {
				err.join(1000);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return;
		}
		flush(run);
		onExit(run, code);
	}

	private void onLine(String line, int run) {
		long nanos = System.nanoTime();
		long millis = System.currentTimeMillis();
		synchronized (deliveryLock) {
			if (!current(run)) {
				return;
			}
			if (batchRun != run) {
				batcher.discard();
				batchRun = run;
			}
			switch (batcher.accept(line, millis, nanos)) {
			case SAMPLE -> scheduleQuiet(run);
			case DRIVER_FAILURE -> {
				status.skipped();
				driverFailure = batcher.driverFailure();
			}
			case SKIPPED -> status.skipped();
			case BLANK -> {
				// not counted
			}
			}
		}
	}

	private boolean current(int run) {
		synchronized (lock) {
			return !closed && run == generation;
		}
	}

	/** Ends the batch after the quiet gap unless another reading comes first (then it is scheduled again). */
	private void scheduleQuiet(int run) {
		synchronized (lock) {
			if (quietTask != null) {
				quietTask.cancel(false);
				quietTask = null;
			}
			if (closed || !batcher.hasPending()) {
				return;
			}
			try {
				quietTask = timer.schedule(() -> quiet(run), quietMillis, TimeUnit.MILLISECONDS);
			} catch (RuntimeException e) {
				// the timer is shut down: closing
			}
		}
	}

	private void quiet(int run) {
		synchronized (deliveryLock) {
			if (batchRun == run && current(run)) {
				batcher.quiet(System.nanoTime());
			}
		}
	}

	/** Delivers what the batcher holds of run {@code run} (its output ended). */
	private void flush(int run) {
		synchronized (deliveryLock) {
			if (batchRun == run && current(run)) {
				batcher.flush();
			}
		}
	}

	/** The batcher's sink: called under deliveryLock, so deliveries keep their order. */
	private void deliver(List<GpuSample> batch) {
		boolean first;
		synchronized (lock) {
			if (closed) {
				return;
			}
			first = !runDelivered;
			runDelivered = true;
			silentExits = 0;
			backoffMillis = backoffBaseMillis;
		}
		status.delivered(batch.size());
		if (first) {
			status.set(Status.OK, null);
		}
		try {
			listener.onSamples(batch);
		} catch (RuntimeException e) {
			// a listener must not stop the source
		}
	}

	private void onExit(int run, int code) {
		String failure = driverFailure;
		String err = lastStderr;
		long delay;
		int silent;
		synchronized (lock) {
			if (closed || run != generation) {
				return;
			}
			process = null;
			silent = runDelivered ? 0 : ++silentExits;
			delay = backoffMillis;
			backoffMillis = Math.min(backoffMaxMillis, backoffMillis * 2);
		}
		String detail = "nvidia-smi exited with code " + code + (err != null ? ": " + err : "");
		if (failure != null) {
			status.set(Status.UNAVAILABLE, failure);
			return;
		}
		if (silent >= maxSilentExits) {
			status.set(Status.UNAVAILABLE, detail + " (" + silent + " times in a row without a reading)");
			return;
		}
		status.set(Status.RECONNECTING, detail + "; restarting in " + delay + " ms");
		try {
			timer.schedule(this::launch, delay, TimeUnit.MILLISECONDS);
		} catch (RuntimeException e) {
			// closing
		}
	}

	@Override
	public void close() {
		Process p;
		Thread out;
		Thread err;
		synchronized (lock) {
			if (closed) {
				return;
			}
			closed = true;
			status.closing();
			p = process;
			process = null;
			out = outReader;
			err = errReader;
			if (quietTask != null) {
				quietTask.cancel(false);
			}
		}
		timer.shutdownNow();
		if (p != null) {
			ProcessTree.destroy(p);
		}
		join(out);
		join(err);
		try {
			timer.awaitTermination(2, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		status.set(Status.STOPPED, null);
	}

	private static void join(Thread t) {
		if (t != null && t != Thread.currentThread()) {
			try {
				t.join(3000);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
