package io.deepstress.servermetrics.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser of the Prometheus text exposition format (version 0.0.4, and the OpenMetrics text that servers send to
 * Prometheus: {@code # EOF}, {@code _created} samples), hand-written because the Prometheus Java client on Maven
 * Central ({@code prometheus-metrics-exposition-textformats}) only writes the format and no well-kept Java parser
 * of it is published there. Strict like Prometheus: a malformed line rejects the whole text, naming the line.
 */
public final class PrometheusText {

	/** One sample: its name (with a histogram's {@code _bucket}/{@code _sum}/{@code _count}), labels and value. */
	public record Sample(String name, Map<String, String> labels, double value) {
	}

	/** A parsed text: the samples in order, and the {@code # TYPE} of each family. */
	public record Parsed(List<Sample> samples, Map<String, String> types) {
	}

	/** Thrown for text that is not the exposition format. */
	public static final class FormatException extends Exception {
		private static final long serialVersionUID = 1L;

		FormatException(String message) {
			super(message);
		}
	}

	private PrometheusText() {
	}

	public static Parsed parse(CharSequence text) throws FormatException {
		List<Sample> samples = new ArrayList<>();
		Map<String, String> types = new HashMap<>();
		int n = text.length();
		int pos = 0;
		int line = 0;
		while (pos < n) {
			int end = pos;
			while (end < n && text.charAt(end) != '\n') {
				end++;
			}
			line++;
			int to = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
			parseLine(text, pos, to, line, samples, types);
			pos = end + 1;
		}
		return new Parsed(samples, types);
	}

	private static void parseLine(CharSequence t, int from, int to, int line, List<Sample> samples,
			Map<String, String> types) throws FormatException {
		int i = skipBlanks(t, from, to);
		if (i == to) {
			return;
		}
		if (t.charAt(i) == '#') {
			String comment = t.subSequence(i, to).toString();
			String[] parts = comment.split("[ \t]+", 4);
			if (parts.length >= 4 && parts[1].equals("TYPE")) {
				types.put(parts[2], parts[3].trim());
			}
			return;
		}
		int nameStart = i;
		while (i < to && nameChar(t.charAt(i), i == nameStart)) {
			i++;
		}
		if (i == nameStart) {
			throw bad(line, "expected a metric name");
		}
		String name = t.subSequence(nameStart, i).toString();
		Map<String, String> labels = Map.of();
		if (i < to && t.charAt(i) == '{') {
			labels = new LinkedHashMap<>();
			i = labels(t, i + 1, to, line, labels);
		}
		if (i >= to || (t.charAt(i) != ' ' && t.charAt(i) != '\t')) {
			throw bad(line, "expected a space and a value after " + name);
		}
		i = skipBlanks(t, i, to);
		int valueStart = i;
		while (i < to && t.charAt(i) != ' ' && t.charAt(i) != '\t') {
			i++;
		}
		double value = number(t.subSequence(valueStart, i).toString(), line);
		i = skipBlanks(t, i, to);
		if (i < to) { // an optional timestamp
			int ts = i;
			while (i < to && t.charAt(i) != ' ' && t.charAt(i) != '\t') {
				i++;
			}
			number(t.subSequence(ts, i).toString(), line);
			if (skipBlanks(t, i, to) < to) {
				throw bad(line, "unexpected text after the timestamp");
			}
		}
		samples.add(new Sample(name, labels, value));
	}

	private static int labels(CharSequence t, int i, int to, int line, Map<String, String> into) throws FormatException {
		while (true) {
			i = skipBlanks(t, i, to);
			if (i < to && t.charAt(i) == '}') {
				return i + 1;
			}
			int start = i;
			while (i < to && nameChar(t.charAt(i), i == start) && t.charAt(i) != ':') {
				i++;
			}
			if (i == start) {
				throw bad(line, "expected a label name");
			}
			String label = t.subSequence(start, i).toString();
			i = skipBlanks(t, i, to);
			if (i >= to || t.charAt(i) != '=') {
				throw bad(line, "expected = after label " + label);
			}
			i = skipBlanks(t, i + 1, to);
			if (i >= to || t.charAt(i) != '"') {
				throw bad(line, "expected a quoted value for label " + label);
			}
			StringBuilder v = new StringBuilder();
			i++;
			while (true) {
				if (i >= to) {
					throw bad(line, "unterminated value of label " + label);
				}
				char c = t.charAt(i++);
				if (c == '"') {
					break;
				}
				if (c == '\\') {
					if (i >= to) {
						throw bad(line, "unterminated value of label " + label);
					}
					char e = t.charAt(i++);
					v.append(e == 'n' ? '\n' : e);
				} else {
					v.append(c);
				}
			}
			into.put(label, v.toString());
			i = skipBlanks(t, i, to);
			if (i < to && t.charAt(i) == ',') {
				i++;
			} else if (i < to && t.charAt(i) == '}') {
				return i + 1;
			} else {
				throw bad(line, "expected , or } after label " + label);
			}
		}
	}

	private static double number(String s, int line) throws FormatException {
		switch (s) {
		case "+Inf", "Inf", "+inf", "inf":
			return Double.POSITIVE_INFINITY;
		case "-Inf", "-inf":
			return Double.NEGATIVE_INFINITY;
		case "NaN", "nan":
			return Double.NaN;
		default:
			try {
				return Double.parseDouble(s);
			} catch (NumberFormatException e) {
				throw bad(line, "not a number: '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'");
			}
		}
	}

	private static boolean nameChar(char c, boolean first) {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || !first && c >= '0' && c <= '9';
	}

	private static int skipBlanks(CharSequence t, int i, int to) {
		while (i < to && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
			i++;
		}
		return i;
	}

	private static FormatException bad(int line, String what) {
		return new FormatException("not Prometheus text: line " + line + ": " + what);
	}
}
