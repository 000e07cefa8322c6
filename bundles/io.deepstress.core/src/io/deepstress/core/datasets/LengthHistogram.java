package io.deepstress.core.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prompt lengths in tokens, counted as they stream by, in power-of-two bins (1, 2-3, 4-7, ...): bounded memory
 * whatever the number of prompts. Not thread-safe.
 */
public final class LengthHistogram {

	private final long[] bins = new long[32];
	private long count;
	private long sum;
	private int min = Integer.MAX_VALUE;
	private int max;

	/** Counts one length (0 goes into the first bin). */
	public void add(int tokens) {
		int t = Math.max(0, tokens);
		bins[t <= 1 ? 0 : 31 - Integer.numberOfLeadingZeros(t)]++;
		count++;
		sum += t;
		min = Math.min(min, t);
		max = Math.max(max, t);
	}

	public long count() {
		return count;
	}

	public int min() {
		return count == 0 ? 0 : min;
	}

	public int max() {
		return max;
	}

	public double mean() {
		return count == 0 ? 0 : (double) sum / count;
	}

	/** One bin: lengths from {@code low} to {@code high}, both included. */
	public record Bin(int low, int high, long count) {
	}

	/** The bins from the first to the last non-empty one. */
	public List<Bin> bins() {
		int first = 0;
		while (first < bins.length && bins[first] == 0) {
			first++;
		}
		int last = bins.length - 1;
		while (last >= 0 && bins[last] == 0) {
			last--;
		}
		List<Bin> out = new ArrayList<>();
		for (int i = first; i <= last; i++) {
			int low = i == 0 ? 0 : 1 << i;
			int high = i == 0 ? 1 : (int) Math.min(Integer.MAX_VALUE, (1L << (i + 1)) - 1);
			out.add(new Bin(low, high, bins[i]));
		}
		return out;
	}

	/** The histogram as text lines, one bin a line with a bar of at most {@code width} characters. */
	public List<String> lines(int width) {
		List<String> out = new ArrayList<>();
		long most = 1;
		for (Bin b : bins()) {
			most = Math.max(most, b.count());
		}
		for (Bin b : bins()) {
			int bar = (int) Math.round((double) b.count() * width / most);
			if (b.count() > 0 && bar == 0) {
				bar = 1;
			}
			out.add(String.format(Locale.ROOT, "%7d-%-7d %8d  %s", b.low(), b.high(), b.count(), "#".repeat(bar)));
		}
		return out;
	}
}
