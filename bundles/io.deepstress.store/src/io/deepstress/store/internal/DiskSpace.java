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

	static String human(long bytes) {
		if (bytes < 1024 * 1024) {
			return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
		}
		if (bytes < 1024L * 1024 * 1024) {
			return String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024);
		}
		return String.format(Locale.ROOT, "%.1f GB", bytes / 1024.0 / 1024 / 1024);
	}
}
