package io.deepstress.cli.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.deepstress.core.model.ApiKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values checked as the command line reads them. A converter's message says what is wrong without the
 * option's name; {@link TopCommand} puts the name in front ("--concurrency must be at least 1, got 0").
 */
final class Converters {

	private Converters() {
	}

	/** A whole number of at least 1. */
	static final class PositiveLong implements ITypeConverter<Long> {
		@Override
		public Long convert(String v) {
			long n = whole(v);
			if (n < 1) {
				throw new TypeConversionException("must be at least 1, got " + v);
			}
			return n;
		}
	}

	/** A whole number of at least 0. */
	static final class NonNegativeLong implements ITypeConverter<Long> {
		@Override
		public Long convert(String v) {
			long n = whole(v);
			if (n < 0) {
				throw new TypeConversionException("must not be negative, got " + v);
			}
			return n;
		}
	}

	/** A finite number greater than 0 (seconds, a rate). */
	static final class PositiveDouble implements ITypeConverter<Double> {
		@Override
		public Double convert(String v) {
			double d = number(v, "must be a number, got '" + v + "'");
			if (!(d > 0) || Double.isInfinite(d)) {
				throw new TypeConversionException("must be a positive number, got " + v);
			}
			return d;
		}
	}

	/** Any number. */
	static final class Number implements ITypeConverter<Double> {
		@Override
		public Double convert(String v) {
			return number(v, "must be a number, got '" + v + "'");
		}
	}

	/** A share between 0 and 1. */
	static final class Fraction implements ITypeConverter<Double> {
		@Override
		public Double convert(String v) {
			double d = number(v, "must be a number between 0 and 1, got '" + v + "'");
			if (!(d >= 0 && d <= 1)) {
				throw new TypeConversionException("must be between 0 and 1, got " + v);
			}
			return d;
		}
	}

	/** Sweep levels: positive numbers separated by commas ("1,8,32"). */
	static final class Levels implements ITypeConverter<List<Double>> {
		@Override
		public List<Double> convert(String spec) {
			// the numbers here; whether they are levels of the run's load (whole concurrency levels up to 4,096, or
			// rates) is the one rule of SweepLevels, applied when the load is known
			try {
				return io.deepstress.core.launch.SweepLevels.numbers(spec);
			} catch (IllegalArgumentException e) {
				throw new TypeConversionException("takes positive numbers separated by commas, got '" + spec + "'");
			}
		}
	}

	/** {@code chat} or {@code completions}. */
	static final class Api implements ITypeConverter<ApiKind> {
		@Override
		public ApiKind convert(String v) {
			return switch (v) {
				case "chat" -> ApiKind.CHAT;
				case "completions" -> ApiKind.COMPLETIONS;
				default -> throw new TypeConversionException("must be chat or completions, got '" + v + "'");
			};
		}
	}

	/** What {@code --api} can be, for help and shell completion. */
	static final class ApiNames implements Iterable<String> {
		@Override
		public Iterator<String> iterator() {
			return List.of("chat", "completions").iterator();
		}
	}

	private static long whole(String v) {
		try {
			return Long.parseLong(v.trim());
		} catch (NumberFormatException e) {
			throw new TypeConversionException("must be a whole number, got '" + v + "'");
		}
	}

	private static double number(String v, String message) {
		try {
			return Double.parseDouble(v.trim());
		} catch (NumberFormatException e) {
			throw new TypeConversionException(message);
		}
	}
}
