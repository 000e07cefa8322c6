package io.deepstress.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.run.DatasetStats;
import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.TokenSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

/**
 * The figures of a run that never wrote its final statistics (the process was killed, the machine lost power),
 * computed from the request samples it had synced and the configuration stored with it: the same definitions as
 * the engine's summary (only final, non-warm-up attempts count; the window is the first measured start to the
 * last measured end), percentiles from HdrHistograms at the engine's resolution. The one approximation: a sample
 * keeps a request's ITL mean and count, not every gap, so the ITL distribution is of the per-request means
 * weighted by their gap counts. The message says that the figures come from the N synced samples.
 */
final class SyncedFigures {

	private static final long HIGHEST_MICROS = 3_600_000_000L;
	private static final String SAMPLES = "SELECT DATASET, FINAL_ATTEMPT, WARMUP, START_US, TTFT_US, E2E_US, ITL_COUNT,"
			+ " ITL_MEAN_US, TPOT_US, OUTPUT_TOKENS, TOKEN_SOURCE, INPUT_TOKENS, CHARS, HTTP_STATUS, ERROR_KIND"
			+ " FROM REQUEST_SAMPLE WHERE RUN_ID = ?";

	private final Histogram ttft = histogram();
	private final Histogram e2e = histogram();
	private final Histogram itl = histogram();
	private final Histogram tpot = histogram();
	private final Map<String, double[]> weights = new LinkedHashMap<>();
	private final Map<String, long[]> datasets = new LinkedHashMap<>(); // total, ok, failed, tokens, chars, e2e µs
	private final Map<String, Long> errors = new TreeMap<>();
	private long samples, total, succeeded, failed, tokens, inputTokens, chars, estimated;
	private long firstStartMicros = Long.MAX_VALUE, lastEndMicros = Long.MIN_VALUE;

	private SyncedFigures() {
	}

	private static Histogram histogram() {
		return new Histogram(HIGHEST_MICROS, 3);
	}

	/**
	 * Fills the figures of every interrupted run that has none (no latency JSON: its final write never happened),
	 * in the caller's transaction.
	 *
	 * @return how many runs were filled
	 */
	static int fillInterrupted(EntityManager em) {
		List<RunEntity> runs = em
				.createQuery("SELECT r FROM RunEntity r WHERE r.status = :s AND r.latencyJson IS NULL", RunEntity.class)
				.setParameter("s", RunStatus.INTERRUPTED.name()).getResultList();
		for (RunEntity run : runs) {
			fill(em, run);
		}
		return runs.size();
	}

	/** Computes {@code run}'s figures from its stored samples and writes them into it and its dataset rows. */
	static void fill(EntityManager em, RunEntity run) {
		SyncedFigures figures = new SyncedFigures();
		JsonNode config = run.configJson == null ? null : StoreJson.read(run.configJson);
		figures.declareDatasets(config);
		em.flush();
		Connection c = em.unwrap(Connection.class);
		try (PreparedStatement ps = c.prepareStatement(SAMPLES)) {
			ps.setString(1, run.runId);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					figures.add(rs);
				}
			}
		} catch (SQLException e) {
			throw new PersistenceException("reading the samples of run " + run.runId + " failed: " + e.getMessage(), e);
		}
		RunSummary summary = figures.summary(run, config);
		Mapping.summaryInto(summary, run);
		em.createQuery("DELETE FROM DatasetStatsEntity d WHERE d.runId = :id").setParameter("id", run.runId)
				.executeUpdate();
		for (int i = 0; i < summary.datasets().size(); i++) {
			em.persist(Mapping.dataset(run.runId, i, summary.datasets().get(i)));
		}
	}

	private void declareDatasets(JsonNode config) {
		if (config != null && config.path("datasets").isArray()) {
			for (JsonNode d : config.path("datasets")) {
				String name = d.path("name").asText("");
				weights.put(name, new double[] { d.path("weight").asDouble(1) });
				datasets.put(name, new long[6]);
			}
		}
	}

	private void add(ResultSet rs) throws SQLException {
		samples++;
		if (!rs.getBoolean("FINAL_ATTEMPT") || rs.getBoolean("WARMUP")) {
			return;
		}
		total++;
		String name = String.valueOf(rs.getString("DATASET"));
		long[] ds = datasets.computeIfAbsent(name, n -> new long[6]);
		ds[0]++;
		long start = rs.getLong("START_US");
		long e2eMicros = rs.getLong("E2E_US");
		firstStartMicros = Math.min(firstStartMicros, start);
		lastEndMicros = Math.max(lastEndMicros, start + Math.max(0, e2eMicros));
		String kind = rs.getString("ERROR_KIND");
		if (kind != null) {
			failed++;
			ds[2]++;
			errors.merge(errorKey(kind, rs.getInt("HTTP_STATUS")), 1L, Long::sum);
			return;
		}
		succeeded++;
		long out = rs.getLong("OUTPUT_TOKENS");
		long in = rs.getLong("INPUT_TOKENS");
		long ch = rs.getLong("CHARS");
		tokens += out;
		inputTokens += Math.max(0, in);
		chars += ch;
		if (TokenSource.ESTIMATED.name().equals(rs.getString("TOKEN_SOURCE"))) {
			estimated++;
		}
		record(e2e, e2eMicros, 1);
		record(ttft, rs.getLong("TTFT_US"), 1);
		record(tpot, rs.getLong("TPOT_US"), 1);
		record(itl, rs.getLong("ITL_MEAN_US"), rs.getInt("ITL_COUNT"));
		ds[1]++;
		ds[3] += out;
		ds[4] += ch;
		ds[5] += Math.max(0, e2eMicros);
	}

	private static String errorKey(String kind, int status) {
		try {
			return ErrorKind.valueOf(kind).key(status);
		} catch (IllegalArgumentException unknown) { // a kind of a newer version
			return kind.toLowerCase(Locale.ROOT).replace('_', '-');
		}
	}

	private static void record(Histogram h, long micros, long count) {
		if (micros >= 0 && count > 0) {
			h.recordValueWithCount(Math.min(HIGHEST_MICROS, micros), count);
		}
	}

	private static LatencyStats stats(Histogram h) {
		return io.deepstress.core.batch.RunHistograms.stats(h);
	}

	private RunSummary summary(RunEntity run, JsonNode config) {
		List<DatasetStats> ds = new ArrayList<>();
		double response = 0, speed = 0, tps = 0;
		int withSuccess = 0;
		for (Map.Entry<String, long[]> e : datasets.entrySet()) {
			long[] d = e.getValue();
			double seconds = d[5] / 1e6;
			double weight = weights.getOrDefault(e.getKey(), new double[] { 1 })[0];
			DatasetStats stats = new DatasetStats(e.getKey(), weight, d[0], d[1], d[2], d[3], d[4], seconds,
					d[1] > 0 ? seconds / d[1] : Double.NaN, seconds > 0 ? d[4] / seconds : Double.NaN,
					seconds > 0 ? d[3] / seconds : Double.NaN);
			ds.add(stats);
			if (d[1] > 0) {
				response += stats.avgResponseSeconds();
				speed += Double.isNaN(stats.avgGenerationSpeed()) ? 0 : stats.avgGenerationSpeed();
				tps += Double.isNaN(stats.avgTps()) ? 0 : stats.avgTps();
				withSuccess++;
			}
		}
		double seconds = total > 0 ? (lastEndMicros - firstStartMicros) / 1e6 : Double.NaN;
		JsonNode load = config == null ? null : config.path("load");
		String description = run.loadDescription;
		int concurrency = run.concurrency;
		double targetRate = Double.NaN;
		if (load != null && "open".equals(load.path("kind").asText())) {
			targetRate = load.path("rate").asDouble(Double.NaN);
			concurrency = load.path("cap").asInt(concurrency);
			description = String.format(Locale.ROOT, "open loop, %s%.1f req/s, cap %d",
					load.path("poisson").asBoolean() ? "Poisson " : "", targetRate, concurrency);
		} else if (load != null && "closed".equals(load.path("kind").asText())) {
			concurrency = load.path("concurrency").asInt(concurrency);
			description = "closed loop, concurrency " + concurrency;
		}
		String model = run.model != null ? run.model
				: config != null && config.path("model").isTextual() ? config.path("model").asText() : null;
		double achieved = Double.isNaN(targetRate) || !(seconds > 0) ? Double.NaN : total / seconds;
		String message = samples == 0 ? "interrupted before any result was saved: no figures"
				: "interrupted: figures from " + samples + " synced sample" + (samples == 1 ? "" : "s")
						+ " (the run's own final figures were never written)";
		long end = total > 0 ? lastEndMicros / 1000 : Math.max(run.startMillis, run.updatedMillis);
		return new RunSummary(run.runId, run.name, model, description, concurrency, RunStatus.INTERRUPTED, message,
				run.startMillis, end, seconds, total, succeeded, failed, samples, tokens, inputTokens, chars, estimated,
				seconds > 0 ? succeeded / seconds : Double.NaN, seconds > 0 ? tokens / seconds : Double.NaN, targetRate,
				achieved, stats(ttft), stats(e2e), stats(itl), stats(tpot), errors, ds,
				withSuccess == 0 ? Double.NaN : response / withSuccess, withSuccess == 0 ? Double.NaN : speed / withSuccess,
				withSuccess == 0 ? Double.NaN : tps / withSuccess);
	}
}
