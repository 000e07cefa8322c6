package io.deepstress.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What the load generator itself costs: CPU time and peak resident memory of this process. */
final class ClientResources {

	private ClientResources() {
	}

	/** CPU seconds used by this process so far (all threads, user + system), or NaN if unknown. */
	static double cpuSeconds() {
		return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).map(n -> n / 1e9)
				.orElse(Double.NaN);
	}

	/** Peak resident set size in KiB (Linux {@code VmHWM}), or -1 if unknown. */
	static long peakRssKib() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		} catch (IOException | NumberFormatException e) {
			// not Linux, or no procfs
		}
		return -1;
	}
}
