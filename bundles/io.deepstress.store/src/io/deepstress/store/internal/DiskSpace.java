package io.deepstress.store.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The disk under the records database: whether a failure means it is full, how much room is left, and the
 * message a user gets (naming the disk and the path, not Derby's internals).
 */
final class DiskSpace {

	/** Room needed before writing is tried again: Derby allocates its log in files of 1 MB and checkpoints. */
	static final long RESUME_BYTES = Long.getLong("deepstress.db.resumeBytes", 8L << 20);
	/** What one stored request sample takes, row, index and log together (measured: about 0.4 KB; rounded up). */
	static final long BYTES_PER_SAMPLE = 600;

	private DiskSpace() {
	}

	/**
	 * Whether a failure is the disk being full: Derby's "could not be written to disk, please check if the disk is
	 * full" (XSDG1), "most likely the disk holding the recovery log is full" (XSLA4), a log that cannot be flushed,
	 * the read-only state Derby falls back to (25502), or the system's own "No space left on device".
	 */
	static boolean isFull(Throwable e) {
		for (int depth = 0; e != null && depth < 30; depth++) {
			String m = String.valueOf(e.getMessage());
			String state = e instanceof SQLException sql ? sql.getSQLState() : null;
			if (m.contains("No space left on device") || m.contains("disk is full") || m.contains("Disk quota exceeded")
					|| m.contains("Cannot flush the log file") || "XSDG1".equals(state) || "XSLA4".equals(state)
					|| "25502".equals(state) || m.contains("read-only connection")) {
				return true;
			}
			if (e instanceof SQLException sql && sql.getNextException() != null && isFull(sql.getNextException())) {
				return true;
			}
			e = e.getCause() == e ? null : e.getCause();
		}
		return false;
	}

	/** Bytes free to this process on the disk holding {@code path} (or its nearest existing parent); -1 if unknown. */
	static long usable(Path path) {
		FileStore store = store(path);
		try {
			return store == null ? -1 : store.getUsableSpace();
		} catch (IOException e) {
			return -1;
		}
	}

	private static FileStore store(Path path) {
		for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
			if (Files.exists(p)) {
				try {
					return Files.getFileStore(p);
				} catch (IOException e) {
					return null;
				}
			}
		}
		return null;
	}

	/** The disk's name as the system gives it (e.g. {@code /dev/vda1} or {@code tmpfs}), or "the disk". */
	static String diskName(Path path) {
		FileStore store = store(path);
		return store == null ? "the disk" : store.name() + " (" + store.type() + ")";
	}

	static String fullMessage(Path dir) {
		long free = usable(dir);
		return "The disk holding the records database is full: " + diskName(dir) + ", path " + dir
				+ (free >= 0 ? ", " + human(free) + " free" : "") + ".";
	}

	/** Closed loop without a request count: samples per second and connection assumed (requests of 50 ms). */
	static final double CLOSED_LOOP_RATE_PER_CONNECTION = 20;

	/**
	 * The samples a run may write: its request count (with retries), else its duration at the open loop's rate or
	 * at {@link #CLOSED_LOOP_RATE_PER_CONNECTION} per connection; one pass: its prompts. -1 when unbounded.
	 */
	static long expectedSamples(io.deepstress.core.run.RunConfig c) {
		long attempts = 1L + Math.max(0, c.retry().maxRetries());
		var limits = c.limits();
		long byCount = limits.maxRequests() > 0 ? (limits.maxRequests() + limits.warmupRequests()) * attempts : -1;
		long byDuration = -1;
		if (limits.maxDuration() != null) {
			double seconds = limits.maxDuration().toMillis() / 1000.0;
			double rate = c.load() instanceof io.deepstress.core.run.Load.OpenLoop open ? open.ratePerSecond()
					: ((io.deepstress.core.run.Load.ClosedLoop) c.load()).concurrency() * CLOSED_LOOP_RATE_PER_CONNECTION;
			byDuration = (long) Math.ceil(seconds * rate * attempts);
		}
		long onePass = limits.onePass()
				? c.datasets().stream().mapToLong(d -> d.dataset().prompts().size()).sum() * attempts : -1;
		long best = -1;
		for (long v : new long[] { byCount, byDuration, onePass }) {
			if (v >= 0) {
				best = best < 0 ? v : Math.min(best, v);
			}
		}
		return best;
	}

	/** A warning when the run's expected samples do not fit in what the disk under {@code dir} has free. */
	static java.util.Optional<String> warning(Path dir, io.deepstress.core.run.RunConfig c) {
		long samples = expectedSamples(c);
		long free = usable(dir);
		if (samples <= 0 || free < 0) {
			return java.util.Optional.empty();
		}
		long needed = samples * BYTES_PER_SAMPLE + RESUME_BYTES;
		if (needed <= free) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(String.format(Locale.ROOT, "The disk holding the records database (%s, path %s) has"
				+ " %s free, and run '%s' may write about %,d samples (%s): they may not all fit. What does not fit"
				+ " waits in memory until space is freed.", diskName(dir), dir, human(free), c.name(), samples,
				human(needed)));
	}

	static String human(long bytes) {
		if (bytes < 1024 * 1024) {
			return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
		}
		if (bytes < 1024L * 1024 * 1024) {
			return String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024);
		}
		return String.format(Locale.ROOT, "%.1f GB", bytes / 1024.0 / 1024 / 1024);
	}

	/** A write refused because the disk is full; its message names the disk and the path. */
	static final class FullException extends IllegalStateException {
		private static final long serialVersionUID = 1L;

		FullException(String message) {
			super(message);
		}
	}
}
