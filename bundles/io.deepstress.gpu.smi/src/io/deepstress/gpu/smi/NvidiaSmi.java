package io.deepstress.gpu.smi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.deepstress.core.gpu.GpuSample;

/**
 * The {@code nvidia-smi} query DeepStress runs (locally or over SSH) and the parser of its output lines:
 * {@code --format=csv,noheader,nounits}, one line per GPU per interval, fields separated by ", ".
 * {@code [N/A]}, {@code [Not Supported]} and similar bracketed words become absent values.
 */
public final class NvidiaSmi {

	/** The queried fields, in output order. */
	public static final List<String> FIELDS = List.of("index", "uuid", "name", "utilization.gpu", "memory.used",
			"memory.total", "temperature.gpu", "power.draw", "power.limit", "clocks.sm",
			"clocks_throttle_reasons.active");

	/**
	 * What nvidia-smi prints (on stdout or stderr, depending on the version) when there is no usable
	 * driver: then restarting it is pointless.
	 */
	public static boolean isDriverFailure(String line) {
		return line != null && (line.contains("couldn't communicate with the NVIDIA driver")
				|| line.contains("No devices were found") || line.contains("Driver/library version mismatch"));
	}

	private NvidiaSmi() {
	}

	/**
	 * The command words: one long-running process printing every {@code intervalMillis}.
	 *
	 * @param executable {@code nvidia-smi} or a path to it
	 */
	public static List<String> command(String executable, long intervalMillis) {
		List<String> words = new ArrayList<>();
		words.add(executable);
		words.add("--query-gpu=" + String.join(",", FIELDS));
		words.add("--format=csv,noheader,nounits");
		words.add("-lms");
		words.add(Long.toString(Math.max(1, intervalMillis)));
		return words;
	}

	/** The same command as one shell line (for SSH exec channels); the executable is quoted. */
	public static String commandLine(String executable, long intervalMillis) {
		List<String> words = command(executable, intervalMillis);
		StringBuilder line = new StringBuilder(shellQuote(words.get(0)));
		for (int i = 1; i < words.size(); i++) {
			line.append(' ').append(words.get(i));
		}
		return line.toString();
	}

	private static String shellQuote(String s) {
		return s.matches("[A-Za-z0-9_./-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
	}

	/**
	 * Parses one output line.
	 *
	 * @return the sample, or empty when the line is not a well-formed reading (a header, an error message,
	 *         garbage); the caller counts those as skipped
	 */
	public static Optional<GpuSample> parse(String line, String host, long epochMillis) {
		if (line == null) {
			return Optional.empty();
		}
		String[] f = line.strip().split("\\s*,\\s*", -1);
		if (f.length != FIELDS.size()) {
			return Optional.empty();
		}
		try {
			Long index = integer(f[0]);
			if (index == null || index < 0 || index > 1024) {
				return Optional.empty();
			}
			return Optional.of(new GpuSample(epochMillis, host, index.intValue(), text(f[1]), text(f[2]), decimal(f[3]),
					integer(f[4]), integer(f[5]), decimal(f[6]), decimal(f[7]), decimal(f[8]), integer(f[9]),
					text(f[10])));
		} catch (NumberFormatException e) {
			return Optional.empty();
		}
	}

	/** Whether a field is one of nvidia-smi's words for "no value". */
	static boolean absent(String field) {
		String s = field.strip();
		return s.isEmpty() || s.startsWith("[") || s.equalsIgnoreCase("N/A");
	}

	private static String text(String field) {
		return absent(field) ? null : field.strip();
	}

	private static Long integer(String field) {
		if (absent(field)) {
			return null;
		}
		String s = field.strip();
		if (s.contains(".")) {
			return Math.round(Double.parseDouble(s));
		}
		return Long.parseLong(s);
	}

	private static Double decimal(String field) {
		return absent(field) ? null : Double.parseDouble(field.strip());
	}
}
