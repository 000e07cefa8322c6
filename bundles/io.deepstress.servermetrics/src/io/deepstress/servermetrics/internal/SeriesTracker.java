package io.deepstress.servermetrics.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.deepstress.core.timeline.ServerMeaning;
import io.deepstress.core.timeline.ServerSeries;
import io.deepstress.servermetrics.internal.KnownMetrics.Kind;
import io.deepstress.servermetrics.internal.KnownMetrics.Known;

/**
 * Turns successive scrapes into series on the run's clock: gauges as they are, counters as increases per second,
 * histograms as the mean of each interval in ms, vLLM's prefix-cache counters as a hit rate. Metrics picked by name
 * are kept as gauges, or as rates when their name ends in {@code _total}. At most {@link #MAX_SERIES} series.
 */
final class SeriesTracker {

	static final int MAX_SERIES = 500;

	private final Set<String> picked;
	private final Map<String, Track> tracks = new LinkedHashMap<>();
	private final Map<String, double[]> previous = new HashMap<>();
	private String server;
	private boolean truncated;

	SeriesTracker(Set<String> picked) {
		this.picked = Set.copyOf(picked);
	}

	/** Adds one scrape taken at {@code tS}. */
	void add(double tS, PrometheusText.Parsed scrape) {
		Map<String, double[]> sums = new HashMap<>(); // histogram key -> {sum, count}
		Map<String, double[]> prefix = new HashMap<>(); // labels key -> {hits, queries}
		for (PrometheusText.Sample s : scrape.samples()) {
			String name = s.name();
			if (server == null) {
				server = KnownMetrics.server(name);
			}
			Known known = KnownMetrics.BY_NAME.get(name);
			if (known != null) {
				if (known.kind() == Kind.GAUGE) {
					point(name, known.meaning(), s.labels(), tS, s.value());
				} else {
					rate(name, known.meaning(), s.labels(), tS, s.value());
				}
				continue;
			}
			if (name.equals(KnownMetrics.VLLM_PREFIX_HITS) || name.equals(KnownMetrics.VLLM_PREFIX_QUERIES)) {
				double[] hq = prefix.computeIfAbsent(key("", s.labels()), k -> new double[] { Double.NaN, Double.NaN });
				hq[name.equals(KnownMetrics.VLLM_PREFIX_HITS) ? 0 : 1] = s.value();
				continue;
			}
			String family = histogramFamily(name);
			if (family != null) {
				Known h = KnownMetrics.BY_NAME.get(family);
				if (h != null && h.kind() == Kind.HISTOGRAM_MS) {
					double[] sc = sums.computeIfAbsent(family + '\u0000' + key("", s.labels()),
							k -> new double[] { Double.NaN, Double.NaN });
					sc[name.endsWith("_sum") ? 0 : 1] = s.value();
					continue;
				}
			}
			if (picked.contains(name)) {
				if (name.endsWith("_total")) {
					rate(name, null, s.labels(), tS, s.value());
				} else {
					point(name, null, s.labels(), tS, s.value());
				}
			}
		}
		for (var e : sums.entrySet()) {
			String family = e.getKey().substring(0, e.getKey().indexOf('\u0000'));
			Map<String, String> labels = labelsOf(scrape, family, e.getKey());
			ratio(family, KnownMetrics.BY_NAME.get(family).meaning(), labels, tS, e.getValue()[0], e.getValue()[1], 1000);
		}
		for (var e : prefix.entrySet()) {
			Map<String, String> labels = labelsFor(scrape, KnownMetrics.VLLM_PREFIX_QUERIES, e.getKey());
			ratio(KnownMetrics.VLLM_PREFIX_HIT_RATE, ServerMeaning.PREFIX_CACHE_HIT_RATE, labels, tS, e.getValue()[0],
					e.getValue()[1], 1);
		}
	}

	private static String histogramFamily(String name) {
		if (name.endsWith("_sum")) {
			return name.substring(0, name.length() - 4);
		}
		if (name.endsWith("_count")) {
			return name.substring(0, name.length() - 6);
		}
		return null;
	}

	private static Map<String, String> labelsOf(PrometheusText.Parsed scrape, String family, String key) {
		return labelsFor(scrape, family + "_count", key.substring(key.indexOf('\u0000') + 1));
	}

	private static Map<String, String> labelsFor(PrometheusText.Parsed scrape, String name, String labelsKey) {
		for (PrometheusText.Sample s : scrape.samples()) {
			if (s.name().equals(name) && key("", s.labels()).equals(labelsKey)) {
				return s.labels();
			}
		}
		return Map.of();
	}

	private void point(String name, String meaning, Map<String, String> labels, double tS, double value) {
		Track t = track(name, meaning, labels);
		if (t != null && !Double.isNaN(value) && !Double.isInfinite(value)) {
			t.add(tS, value);
		}
	}

	/** A counter's increase per second since the previous scrape (nothing at the first, or after a reset). */
	private void rate(String name, String meaning, Map<String, String> labels, double tS, double value) {
		String key = key(name, labels);
		double[] prev = previous.put(key, new double[] { tS, value });
		if (prev != null && tS > prev[0] && value >= prev[1]) {
			point(name, meaning, labels, tS, (value - prev[1]) / (tS - prev[0]));
		} else {
			track(name, meaning, labels);
		}
	}

	/** Δnumerator / Δdenominator × scale since the previous scrape (nothing when the denominator did not grow). */
	private void ratio(String name, String meaning, Map<String, String> labels, double tS, double num, double den,
			double scale) {
		if (Double.isNaN(num) || Double.isNaN(den)) {
			return;
		}
		String key = key(name, labels);
		double[] prev = previous.put(key, new double[] { num, den });
		if (prev != null && den > prev[1] && num >= prev[0]) {
			point(name, meaning, labels, tS, (num - prev[0]) / (den - prev[1]) * scale);
		} else {
			track(name, meaning, labels);
		}
	}

	private Track track(String name, String meaning, Map<String, String> labels) {
		String key = key(name, labels);
		Track t = tracks.get(key);
		if (t == null) {
			if (tracks.size() >= MAX_SERIES) {
				truncated = true;
				return null;
			}
			Map<String, String> kept = new LinkedHashMap<>(labels);
			kept.remove("le");
			t = new Track(name, meaning, kept);
			tracks.put(key, t);
		}
		return t;
	}

	private static String key(String name, Map<String, String> labels) {
		StringBuilder b = new StringBuilder(name);
		labels.entrySet().stream().filter(e -> !e.getKey().equals("le")).sorted(Map.Entry.comparingByKey())
				.forEach(e -> b.append('\u0001').append(e.getKey()).append('=').append(e.getValue()));
		return b.toString();
	}

	/** The server the names look like, or null. */
	String server() {
		return server;
	}

	/** Whether series were left out for {@link #MAX_SERIES}. */
	boolean truncated() {
		return truncated;
	}

	List<ServerSeries> series() {
		List<ServerSeries> out = new ArrayList<>(tracks.size());
		for (Track t : tracks.values()) {
			out.add(t.toSeries());
		}
		return out;
	}

	/** One series' points in two growable arrays. */
	private static final class Track {
		final String name;
		final String meaning;
		final Map<String, String> labels;
		double[] t = new double[16];
		double[] v = new double[16];
		int n;

		Track(String name, String meaning, Map<String, String> labels) {
			this.name = name;
			this.meaning = meaning;
			this.labels = labels;
		}

		void add(double tS, double value) {
			if (n == t.length) {
				t = Arrays.copyOf(t, n * 2);
				v = Arrays.copyOf(v, n * 2);
			}
			t[n] = tS;
			v[n] = value;
			n++;
		}

		ServerSeries toSeries() {
			List<double[]> points = new ArrayList<>(n);
			for (int i = 0; i < n; i++) {
				points.add(new double[] { t[i], v[i] });
			}
			return new ServerSeries(name, meaning, labels, points);
		}
	}
}
