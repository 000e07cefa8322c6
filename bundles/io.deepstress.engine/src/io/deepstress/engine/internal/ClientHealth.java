package io.deepstress.engine.internal;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The client's own health during a run (the fidelity watchdog's measurements): how late a probe task runs on
 * the client's I/O threads (a periodic task handed to the HTTP executor when due; its lateness is time the
 * response handling would have waited too), the CPU of this process and of the machine (with steal, from
 * {@code /proc/stat}), and the JVM's GC time. {@link #stop()} gives the {@link Report} and which limits were
 * passed (thresholds in docs/ARCHITECTURE.md); a run over any of them says more about the client than the
 * server.
 */
final class ClientHealth {

	/** Probe lag p99 above this: the I/O threads were too busy or starved to read responses in time. */
	static final long LAG_P99_LIMIT_NANOS = 20_000_000L;
	/** Machine CPU busy (including steal) above this share: no headroom left for the client. */
	static final double MACHINE_BUSY_LIMIT = 0.95;
	/** Steal above this share: the hypervisor took the CPU. */
	static final double STEAL_LIMIT = 0.10;
	/** GC time above this share of the wall time. */
	static final double GC_LIMIT = 0.05;

	/** What was measured over the run, and the limits passed (empty: the client kept up). */
	record Report(double seconds, double processCpuCores, double machineBusy, double steal, long probes,
			long lagP50Nanos, long lagP99Nanos, long lagMaxNanos, long gcNanos, List<String> limits) {

		boolean clientLimited() {
			return !limits.isEmpty();
		}
	}

	private final Scheduler scheduler;
	private final Executor ioThreads;
	private final long periodNanos;
	private final Path procStat;
	private long[] lags = new long[256];
	private int lagCount;
	private volatile boolean running;
	private long startNanos;
	private long startCpuNanos;
	private long startGcMillis;
	private long[] startStat;

	ClientHealth(Scheduler scheduler, Executor ioThreads, long periodNanos, Path procStat) {
		this.scheduler = scheduler;
		this.ioThreads = ioThreads;
		this.periodNanos = periodNanos;
		this.procStat = procStat;
	}

	/** A watchdog of the client's executor, probing every 50 ms, with this Linux machine's {@code /proc/stat}. */
	static ClientHealth of(Scheduler scheduler, Executor ioThreads) {
		return new ClientHealth(scheduler, ioThreads, 50_000_000L, Path.of("/proc/stat"));
	}

	void start() {
		startNanos = System.nanoTime();
		startCpuNanos = processCpuNanos();
		startGcMillis = gcMillis();
		startStat = readStat();
		running = true;
		schedule(startNanos + periodNanos);
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
		synchronized (this) {
			if (lagCount == lags.length) {
				lags = Arrays.copyOf(lags, lagCount * 2);
			}
			lags[lagCount++] = Math.max(0, now - due);
		}
		schedule(Math.max(due + periodNanos, now));
	}

	/** Ends the measuring and reports. */
	Report stop() {
		running = false;
		long wall = System.nanoTime() - startNanos;
		double seconds = wall / 1e9;
		long cpu = processCpuNanos() - startCpuNanos;
		long gc = (gcMillis() - startGcMillis) * 1_000_000L;
		long[] endStat = readStat();
		double busy = Double.NaN;
		double steal = Double.NaN;
		if (startStat != null && endStat != null) {
			long total = 0;
			for (int i = 0; i < Math.min(startStat.length, endStat.length); i++) {
				total += endStat[i] - startStat[i];
			}
			long idle = delta(endStat, startStat, 3) + delta(endStat, startStat, 4);
			if (total > 0) {
				busy = (total - idle) / (double) total;
				steal = delta(endStat, startStat, 7) / (double) total;
			}
		}
		long[] sorted;
		synchronized (this) {
			sorted = Arrays.copyOf(lags, lagCount);
		}
		Arrays.sort(sorted);
		long p50 = quantile(sorted, 0.5), p99 = quantile(sorted, 0.99), max = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
		List<String> limits = new ArrayList<>();
		if (p99 > LAG_P99_LIMIT_NANOS) {
			limits.add(String.format(Locale.ROOT, "I/O-thread probe lag p99 %.1f ms > %d ms", p99 / 1e6,
					LAG_P99_LIMIT_NANOS / 1_000_000));
		}
		if (busy > MACHINE_BUSY_LIMIT) {
			limits.add(String.format(Locale.ROOT, "machine CPU %.0f %% busy > %.0f %%", busy * 100, MACHINE_BUSY_LIMIT * 100));
		}
		if (steal > STEAL_LIMIT) {
			limits.add(String.format(Locale.ROOT, "CPU steal %.0f %% > %.0f %%", steal * 100, STEAL_LIMIT * 100));
		}
		if (wall > 0 && gc > GC_LIMIT * wall) {
			limits.add(String.format(Locale.ROOT, "GC %.0f %% of the time > %.0f %%", gc * 100.0 / wall, GC_LIMIT * 100));
		}
		return new Report(seconds, seconds > 0 ? cpu / 1e9 / seconds : 0, busy, steal, sorted.length, p50, p99, max, gc,
				List.copyOf(limits));
	}

	private static long delta(long[] end, long[] start, int i) {
		return i < end.length && i < start.length ? end[i] - start[i] : 0;
	}

	private static long quantile(long[] sorted, double q) {
		if (sorted.length == 0) {
			return 0;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1 < 0 ? 0
				: (int) Math.ceil(q * sorted.length) - 1)];
	}

	/** The machine's CPU counters (user, nice, system, idle, iowait, irq, softirq, steal), or null. */
	long[] readStat() {
		try {
			for (String line : Files.readAllLines(procStat)) {
				if (line.startsWith("cpu ")) {
					return parseCpuLine(line);
				}
			}
		} catch (IOException | RuntimeException e) {
			// not Linux, or unreadable: no machine figures
		}
		return null;
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

	private static long gcMillis() {
		long sum = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			sum += Math.max(0, gc.getCollectionTime());
		}
		return sum;
	}
}
