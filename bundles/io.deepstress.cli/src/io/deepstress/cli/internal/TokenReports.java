package io.deepstress.cli.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.deepstress.core.tokens.TokenLengthStats;
import io.deepstress.core.tokens.TokenLengths;

/** A run's input and output lengths (ISL/OSL) as text and as the JSON objects of {@code --out} and {@code runs show}. */
final class TokenReports {

	private TokenReports() {
	}

	/**
	 * Adds {@code input_tokens} (as sent, the client's tokenizer count), {@code input_tokens_server}
	 * ({@code usage.prompt_tokens}), {@code output_tokens} (each {@code {mean,p50,p99,max,count}}),
	 * {@code stopped_early} and, when known, {@code tokenizer}.
	 */
	static void put(Map<String, Object> json, TokenLengths lengths, String tokenizer) {
		json.put("input_tokens", stats(lengths.inputSent()));
		json.put("input_tokens_server", stats(lengths.inputReported()));
		json.put("output_tokens", stats(lengths.output()));
		json.put("stopped_early", lengths.stoppedEarly());
		if (tokenizer != null) {
			json.put("tokenizer", tokenizer);
		}
	}

	/** The tokenizer a run's synthetic or trace prompts were made with (recorded in their dataset's name), or null. */
	static String tokenizer(io.deepstress.core.run.RunSummary run) {
		for (var d : run.datasets()) {
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("tokenizer=(\\S+)").matcher(d.name());
			if (m.find()) {
				return m.group(1);
			}
		}
		return null;
	}

	static Map<String, Object> stats(TokenLengthStats s) {
		Map<String, Object> m = new LinkedHashMap<>();
		boolean any = s.count() > 0;
		m.put("mean", any ? s.mean() : null);
		m.put("p50", any ? s.p50() : null);
		m.put("p99", any ? s.p99() : null);
		m.put("max", any ? s.max() : null);
		m.put("count", s.count());
		return m;
	}

	/** The lines printed after a run's table; empty when the run has no lengths. */
	static String lines(TokenLengths lengths, String tokenizer) {
		TokenLengthStats sent = lengths.inputSent();
		TokenLengthStats server = lengths.inputReported();
		TokenLengthStats out = lengths.output();
		if (sent.count() == 0 && out.count() == 0) {
			return "";
		}
		StringBuilder b = new StringBuilder();
		b.append(String.format(Locale.ROOT, "  %-7s %8s %9s %9s %9s  (tokens%s)%n", "", "mean", "p50", "p99", "max",
				tokenizer == null ? "" : ", " + tokenizer));
		if (sent.count() > 0) {
			row(b, "ISL", sent);
		}
		if (server.count() > 0) {
			row(b, "ISL srv", server);
		}
		row(b, "OSL", out);
		if (lengths.asked() > 0) {
			b.append(String.format(Locale.ROOT, "  stopped early %d of %d requests that asked for a length%n",
					lengths.stoppedEarly(), lengths.asked()));
		}
		return b.toString();
	}

	private static void row(StringBuilder b, String name, TokenLengthStats s) {
		b.append(String.format(Locale.ROOT, "  %-7s %8s %9s %9s %9s%n", name,
				s.count() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", s.mean()), s.count() == 0 ? "-" : s.p50(),
				s.count() == 0 ? "-" : s.p99(), s.count() == 0 ? "-" : s.max()));
	}
}
