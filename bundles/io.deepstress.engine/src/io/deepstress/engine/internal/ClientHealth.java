package io.deepstress.engine.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.util.thread.Scheduler;

import io.deepstress.core.run.ClientHealthReport;

/**
 * The fidelity watchdog of one run: how late a probe task runs on the client's I/O threads (a periodic task
 * handed to the HTTP executor when due; its lateness is time the response handling would have waited too),
 * the open loop's send lateness ({@link SendLateness}, recorded by the scheduler), the CPU of this process and
 * of the machine (with steal, from {@code /proc/stat}) and the GC pauses ({@link GcPauses}). Every
 * {@value #WINDOW_MILLIS} ms it judges the last window by the {@link HealthLimits} and hands that report to
 * the window listener (the Live Run warning); {@link #stop()} judges the whole run.
 */
final class ClientHealth {

	static final long WINDOW_MILLIS = 1000;

	private final Scheduler scheduler;
	private final Executor ioThreads;
	private final long periodNanos;
	private final Path procStat;
	private final HealthLimits limits;
	private final SendLateness lateness = new SendLateness();
	private final GcPauses gc = new GcPauses();
	private final Recorder lags = new Recorder(3);
	private final Histogram allLags = new Histogram(3);
	private final Histogram allLateness = new Histogram(3);
	private final int cores = Runtime.getRuntime().availableProcessors();
	private volatile Consumer<ClientHealthReport> onWindow = r -> {
	};
	private volatile boolean running;
	private long startNanos;
	private long startCpuNanos;
	private long[] startStat;
	private long windowNanos;
	private long windowCpuNanos;
	private long[] windowStat;
	private long windowGcNanos;

	ClientHealth(Scheduler scheduler, Executor ioThreads, long periodNanos, Path procStat, HealthLimits limits) {
		this.scheduler = scheduler;
		this.ioThreads = ioThreads;
		this.periodNanos = periodNanos;
		this.procStat = procStat;
		this.limits = limits;
	}

	/** A watchdog of the client's executor, probing every 50 ms, with this Linux machine's {@code /proc/stat}. */
	static ClientHealth of(Scheduler scheduler, Executor ioThreads) {
		return new ClientHealth(scheduler, ioThreads, 50_000_000L, Path.of("/proc/stat"), HealthLimits.DEFAULT);
	}

	/** Where the open-loop scheduler records its sends. */
	SendLateness lateness() {
		return lateness;
	}

	/** Who hears each window's report while the run lasts (set before {@link #start()}). */
	void onWindow(Consumer<ClientHealthReport> listener) {
		onWindow = listener;
	}

	void start() {
		startNanos = System.nanoTime();
		startCpuNanos = processCpuNanos();
		startStat = readStat();
		gc.start();
		windowNanos = startNanos;
		windowCpuNanos = startCpuNanos;
		windowStat = startStat;
		running = true;
		schedule(startNanos + periodNanos);
		scheduleWindow();
	}

	private void schedule(long due) {
		if (!running) {
			return;
		}
		try {
			scheduler.schedule(() -> ioThreads.execute(() -> probe(due)), Math.max(0, due - System.nanoTime()),
					TimeUnit.NANOSECONDS);
		} catch (RuntimeException e) {
			running = false; // the scheduler stopped: the run is over
		}
	}

	private void probe(long due) {
		long now = System.nanoTime();
		// a probe held up for several periods stands for the probes that could not run meanwhile (HdrHistogram's
		// correction for coordinated omission): one 300 ms stall weighs as the 300 ms it lasted, not as one sample
		lags.recordValueWithExpectedInterval(Math.max(0, now - due) / 1000, periodNanos / 1000);
		schedule(Math.max(due + periodNanos, now));
	}

	private void scheduleWindow() {
		try {
			scheduler.schedule(this::window, WINDOW_MILLIS, TimeUnit.MILLISECONDS);
		} catch (RuntimeException e) {
			// the scheduler stopped: the run is over
		}
	}

	private void window() {
		ClientHealthReport report;
		synchronized (this) {
			if (!running) {
				return;
			}
			report = take(false);
		}
		try {
			onWindow.accept(report);
		} catch (RuntimeException e) {
			System.getLogger(ClientHealth.class.getName()).log(System.Logger.Level.WARNING, "watchdog listener failed", e);
		}
		scheduleWindow();
	}

	/** The window since the last one (its histograms added to the run's), or with {@code whole} the run. */
	private ClientHealthReport take(boolean whole) {
		long now = System.nanoTime();
		long cpu = processCpuNanos();
		long[] stat = readStat();
		Histogram lag = lags.getIntervalHistogram();
		Histogram late = lateness.interval();
		allLags.add(lag);
		allLateness.add(late);
		long gcTotal = gc.totalNanos();
		long gcWindowMax = gc.takeWindowMaxNanos();
		HealthLimits.Measured m;
		if (whole) {
			m = measured(now - startNanos, cpu - startCpuNanos, startStat, stat, allLags, allLateness, gcTotal,
					gc.maxNanos());
		} else {
			m = measured(now - windowNanos, cpu - windowCpuNanos, windowStat, stat, lag, late, gcTotal - windowGcNanos,
					gcWindowMax);
		}
		windowNanos = now;
		windowCpuNanos = cpu;
		windowStat = stat;
		windowGcNanos = gcTotal;
		return limits.report(m);
	}

	private HealthLimits.Measured measured(long wall, long cpu, long[] from, long[] to, Histogram lag, Histogram late,
			long gcTotal, long gcMax) {
		double busy = Double.NaN;
		double steal = Double.NaN;
		if (from != null && to != null) {
			long total = 0;
			for (int i = 0; i < Math.min(from.length, to.length); i++) {
				total += to[i] - from[i];
			}
			long idle = delta(to, from, 3) + delta(to, from, 4);
			if (total > 0) {
				busy = (total - idle) / (double) total;
				steal = delta(to, from, 7) / (double) total;
			}
		}
		return new HealthLimits.Measured(wall / 1e9, cores, cpu / 1e9, busy, steal, lag, late, lateness.meanGapNanos(),
				gcTotal, gcMax);
	}

	/** Ends the measuring and reports on the whole run. */
	ClientHealthReport stop() {
		synchronized (this) {
			running = false;
			gc.stop();
			return take(true);
		}
	}

	private static long delta(long[] end, long[] start, int i) {
		return i < end.length && i < start.length ? end[i] - start[i] : 0;
	}

	/** The machine's CPU counters (user, nice, system, idle, iowait, irq, softirq, steal), or null. */
	long[] readStat() {
		try (var lines = Files.lines(procStat)) {
			return lines.filter(l -> l.startsWith("cpu ")).findFirst().map(ClientHealth::parseCpuLine).orElse(null);
		} catch (IOException | RuntimeException e) {
			return null; // not Linux, or unreadable: no machine figures
		}
	}

	/** The first eight counters of {@code /proc/stat}'s {@code cpu} line (guest time is inside user). */
	static long[] parseCpuLine(String line) {
		String[] f = line.trim().split("\\s+");
		long[] v = new long[8];
		for (int i = 0; i < v.length && i + 1 < f.length; i++) {
			v[i] = Long.parseLong(f[i + 1]);
		}
		return v;
	}

	private static long processCpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
	}
}
