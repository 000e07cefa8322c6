package io.deepstress.core.tokens;

import java.util.Arrays;
import java.util.Collection;

import io.deepstress.core.run.RequestResult;

/**
 * A run's input and output lengths (ISL/OSL), collected from its request results: only final, measured attempts
 * (no warm-up, no attempt that was retried). Not thread-safe; {@link #add} from one thread.
 */
public final class TokenLengths {

	private long[] sent = new long[64];
	private long[] reported = new long[64];
	private long[] output = new long[64];
	private int nSent;
	private int nReported;
	private int nOutput;
	private long stoppedEarly;
	private long asked;

	/** Adds what {@code r} measured, if it is a final measured attempt. */
	public void add(RequestResult r) {
		if (!r.last() || r.warmup()) {
			return;
		}
		if (r.inputTokensSent() >= 0) {
			sent = push(sent, nSent++, r.inputTokensSent());
		}
		if (r.error() == null) {
			if (r.inputTokens() >= 0) {
				reported = push(reported, nReported++, r.inputTokens());
			}
			output = push(output, nOutput++, r.outputTokens());
			if (r.outputTokensAsked() > 0) {
				asked++;
			}
			if (r.stoppedEarly()) {
				stoppedEarly++;
			}
		}
	}

	/** Adds every result of {@code results}. */
	public TokenLengths addAll(Collection<RequestResult> results) {
		results.forEach(this::add);
		return this;
	}

	private static long[] push(long[] a, int i, long v) {
		if (i == a.length) {
			a = Arrays.copyOf(a, a.length * 2);
		}
		a[i] = v;
		return a;
	}

	/** Input tokens as sent (the client's tokenizer count), over the requests whose prompt had a known length. */
	public TokenLengthStats inputSent() {
		return TokenLengthStats.of(sent.clone(), nSent);
	}

	/** Input tokens as the server reported them ({@code usage.prompt_tokens}), over successful requests. */
	public TokenLengthStats inputReported() {
		return TokenLengthStats.of(reported.clone(), nReported);
	}

	/** Output tokens received, over successful requests. */
	public TokenLengthStats output() {
		return TokenLengthStats.of(output.clone(), nOutput);
	}

	/** Successful requests that got fewer output tokens than they asked for. */
	public long stoppedEarly() {
		return stoppedEarly;
	}

	/** Successful requests that asked for an output length. */
	public long asked() {
		return asked;
	}
}
