package io.deepstress.cli.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal GNU-style option parser: {@code --name value}, {@code --name=value} and {@code --flag}.
 * Options not declared are an error; repeatable options keep every value.
 */
final class Args {

	private final Map<String, List<String>> values = new HashMap<>();
	private final List<String> positional = new ArrayList<>();

	private Args() {
	}

	/**
	 * @param args       the words after the command
	 * @param withValue  options that take a value
	 * @param flags      options without a value
	 */
	static Args parse(List<String> args, Set<String> withValue, Set<String> flags) throws UsageException {
		Args parsed = new Args();
		for (int i = 0; i < args.size(); i++) {
			String a = args.get(i);
			if (!a.startsWith("--")) {
				parsed.positional.add(a);
				continue;
			}
			String name = a.substring(2);
			String value = null;
			int eq = name.indexOf('=');
			if (eq >= 0) {
				value = name.substring(eq + 1);
				name = name.substring(0, eq);
			}
			if (flags.contains(name)) {
				if (value != null) {
					throw new UsageException("--" + name + " takes no value");
				}
				parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
			} else if (withValue.contains(name)) {
				if (value == null) {
					if (i + 1 >= args.size()) {
						throw new UsageException("--" + name + " needs a value");
					}
					value = args.get(++i);
				}
				parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
			} else {
				throw new UsageException("unknown option --" + name);
			}
		}
		return parsed;
	}

	boolean has(String name) {
		return values.containsKey(name);
	}

	String get(String name) {
		List<String> v = values.get(name);
		return v == null ? null : v.get(v.size() - 1);
	}

	String get(String name, String fallback) {
		String v = get(name);
		return v == null ? fallback : v;
	}

	List<String> all(String name) {
		return values.getOrDefault(name, List.of());
	}

	List<String> positional() {
		return positional;
	}

	long positiveLong(String name, long fallback) throws UsageException {
		String v = get(name);
		if (v == null) {
			return fallback;
		}
		try {
			long n = Long.parseLong(v.trim());
			if (n < 1) {
				throw new UsageException("--" + name + " must be at least 1, got " + v);
			}
			return n;
		} catch (NumberFormatException e) {
			throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
		}
	}

	long nonNegativeLong(String name, long fallback) throws UsageException {
		String v = get(name);
		if (v == null) {
			return fallback;
		}
		try {
			long n = Long.parseLong(v.trim());
			if (n < 0) {
				throw new UsageException("--" + name + " must not be negative, got " + v);
			}
			return n;
		} catch (NumberFormatException e) {
			throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
		}
	}

	double positiveDouble(String name, double fallback) throws UsageException {
		String v = get(name);
		if (v == null) {
			return fallback;
		}
		try {
			double d = Double.parseDouble(v.trim());
			if (!(d > 0) || Double.isInfinite(d)) {
				throw new UsageException("--" + name + " must be a positive number, got " + v);
			}
			return d;
		} catch (NumberFormatException e) {
			throw new UsageException("--" + name + " must be a number, got '" + v + "'");
		}
	}

	double fraction(String name) throws UsageException {
		String v = get(name);
		if (v == null) {
			return 0;
		}
		try {
			double d = Double.parseDouble(v.trim());
			if (!(d >= 0 && d <= 1)) {
				throw new UsageException("--" + name + " must be between 0 and 1, got " + v);
			}
			return d;
		} catch (NumberFormatException e) {
			throw new UsageException("--" + name + " must be a number between 0 and 1, got '" + v + "'");
		}
	}
}
