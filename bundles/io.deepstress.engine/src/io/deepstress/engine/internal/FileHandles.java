package io.deepstress.engine.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * This process's open-file limit against the connections a run plans: every connection is a file handle, and
 * a run that runs out of them fails its requests with "Too many open files" (which are the client's failures,
 * not the server's). Read from {@code /proc/self/limits} and {@code /proc/self/fd} (Linux); where those do not
 * exist the check says nothing. The launch script raises the soft limit to the hard one before Java starts.
 */
final class FileHandles {

	/** Handles beside the run's connections: selector, pipes, jars, the records database, logs. */
	static final int MARGIN = 64;

	/**
	 * @param soft the limit this process has (-1 unknown or unlimited)
	 * @param hard the most it may raise it to (-1 unknown or unlimited)
	 * @param open handles open now
	 */
	record Limits(long soft, long hard, long open) {
	}

	private FileHandles() {
	}

	/** The limits of this process, or null where the system does not say (not Linux). */
	static Limits current() {
		return read(Path.of("/proc/self/limits"), Path.of("/proc/self/fd"));
	}

	static Limits read(Path limitsFile, Path fdDir) {
		if (!Files.isReadable(limitsFile)) {
			return null;
		}
		try {
			for (String line : Files.readAllLines(limitsFile)) {
				if (line.startsWith("Max open files")) {
					String[] f = line.substring("Max open files".length()).trim().split("\\s+");
					return new Limits(value(f[0]), value(f[1]), count(fdDir));
				}
			}
		} catch (IOException | RuntimeException e) {
			// an unreadable or unexpected file: no check rather than a wrong one
		}
		return null;
	}

	private static long value(String s) {
		return "unlimited".equals(s) ? -1 : Long.parseLong(s);
	}

	private static long count(Path dir) {
		long n = 0;
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
			for (Path ignored : entries) {
				n++;
			}
		} catch (IOException e) {
			return 0;
		}
		return n;
	}

	/**
	 * Refuses a run whose connections do not fit under the limit, saying what to run.
	 *
	 * @param connections the most connections the run opens at once (concurrency, or the open loop's cap)
	 * @param limits      this process's limits, null when unknown (then nothing is checked)
	 * @throws IllegalArgumentException when they do not fit
	 */
	static void check(int connections, Limits limits) {
		if (limits == null || limits.soft() < 0) {
			return;
		}
		long needed = limits.open() + (long) connections + MARGIN;
		if (needed <= limits.soft()) {
			return;
		}
		long wanted = Math.max(needed, 1024);
		String raise = limits.hard() < 0 || limits.hard() >= needed
				? String.format(Locale.ROOT, "run 'ulimit -n %d' in the shell that starts DeepStress (the hard limit allows"
						+ " %s)", wanted, limits.hard() < 0 ? "it" : "up to " + limits.hard())
				: String.format(Locale.ROOT, "the hard limit is %d, so raise it first (as root: 'ulimit -Hn %d', or"
						+ " 'nofile' in /etc/security/limits.conf), then 'ulimit -n %d'; or plan fewer connections",
						limits.hard(), wanted, wanted);
		throw new IllegalArgumentException(String.format(Locale.ROOT,
				"%d connections need about %d open files, but this process may open only %d (ulimit -n; %d already"
						+ " open): %s",
				connections, needed, limits.soft(), limits.open(), raise));
	}
}
