package io.deepstress.store.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.DatasetStats;
import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.TurnStats;
import io.deepstress.core.run.TokenSource;

/** Conversions between the domain records and the entities. */
final class Mapping {

	private Mapping() {
	}

	/** The configuration as JSON, without secrets: no API key, and only the names of extra headers. */
	static String configJson(RunConfig c) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("name", c.name());
		m.put("url", c.target().baseUrl());
		m.put("api", c.target().apiKind().name().toLowerCase());
		m.put("model", c.target().model());
		m.put("header_names", new ArrayList<>(c.target().headers().keySet()));
		m.put("stream", c.request().stream());
		m.put("max_tokens", c.request().maxTokens());
		m.put("temperature", c.request().temperature());
		m.put("extra_body", c.request().extraBodyJson());
		List<Map<String, Object>> datasets = new ArrayList<>();
		for (DatasetShare d : c.datasets()) {
			datasets.add(ordered("name", d.dataset().name(), "weight", d.weight(), "prompts", d.dataset().prompts().size()));
		}
		m.put("datasets", datasets);
		if (c.load() instanceof Load.ClosedLoop closed) {
			m.put("load", ordered("kind", "closed", "concurrency", closed.concurrency()));
		} else if (c.load() instanceof Load.OpenLoop open) {
			m.put("load", ordered("kind", "open", "rate", open.ratePerSecond(), "poisson", open.poisson(), "cap",
					open.maxConcurrency()));
		} else if (c.load() instanceof Load.Scheduled trace) {
			m.put("load", ordered("kind", "trace", "arrivals", trace.offsetsMicros().size(), "speed", trace.speed(), "cap",
					trace.maxConcurrency()));
		}
		m.put("max_requests", c.limits().maxRequests());
		m.put("max_duration_ms", c.limits().maxDuration() == null ? null : c.limits().maxDuration().toMillis());
		m.put("one_pass", c.limits().onePass());
		m.put("warmup", c.limits().warmupRequests());
		m.put("timeouts_ms", List.of(c.timeouts().connect().toMillis(), c.timeouts().firstToken().toMillis(),
				c.timeouts().total().toMillis()));
		m.put("retries", c.retry().maxRetries());
		if (!c.network().isDefault()) {
			// only when set, so that the JSON of runs without network options stays as it was
			m.put("network", ordered("http", c.network().http().label(), "ca_file", c.network().caFile(), "insecure",
					c.network().insecure(), "proxy", c.network().proxy(), "max_body_bytes", c.network().maxBodyBytes()));
		}
		return StoreJson.write(m);
	}

	/** A map in the order given (key, value, key, value, ...). */
	private static Map<String, Object> ordered(Object... keysAndValues) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			m.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return m;
	}

	static void summaryInto(RunSummary s, RunEntity e) {
		e.name = s.name();
		e.model = s.model();
		e.loadDescription = s.loadDescription();
		e.concurrency = s.concurrency();
		e.status = s.status().name();
		e.errorMessage = s.errorMessage();
		e.startMillis = s.startEpochMillis();
		e.endMillis = s.endEpochMillis();
		e.totalTasks = s.total();
		e.successfulTasks = s.succeeded();
		e.failedTasks = s.failed();
		e.attempts = s.attempts();
		e.totalTokens = s.outputTokens();
		e.inputTokens = s.inputTokens();
		e.totalChars = s.chars();
		e.estimatedTokens = s.estimatedTokens();
		e.totalTimeSeconds = db(s.durationSeconds());
		e.avgResponseSeconds = db(s.avgResponseSeconds());
		e.avgGenerationSpeed = db(s.avgGenerationSpeed());
		e.avgTps = db(s.avgTps());
		e.requestsPerSecond = db(s.requestsPerSecond());
		e.outputTokensPerSecond = db(s.outputTokensPerSecond());
		e.targetRate = db(s.targetRate());
		e.achievedRate = db(s.achievedRate());
		Map<String, Object> lat = new LinkedHashMap<>();
		lat.put("ttft", latency(s.ttft()));
		lat.put("e2e", latency(s.e2e()));
		lat.put("itl", latency(s.itl()));
		lat.put("tpot", latency(s.tpot()));
		if (s.turns().any()) {
			// multi-turn runs only: the latency JSON of other runs stays as it was
			lat.put("ttft_first_turn", latency(s.turns().firstTurnTtft()));
			lat.put("ttft_later_turns", latency(s.turns().laterTurnTtft()));
		}
		e.latencyJson = StoreJson.write(lat);
		e.ttftP50Millis = db(s.ttft().p50());
		e.errorsJson = StoreJson.write(new LinkedHashMap<>(s.errors()));
		e.clientHealthJson = ClientHealthJson.write(s.clientHealth());
	}

	private static List<Object> latency(LatencyStats l) {
		return java.util.Arrays.asList(l.count(), nan(l.mean()), nan(l.p50()), nan(l.p90()), nan(l.p95()), nan(l.p99()),
				nan(l.max()));
	}

	private static Object nan(double d) {
		return Double.isNaN(d) ? null : d;
	}

	private static LatencyStats latency(JsonNode json) {
		if (json == null || !json.isArray() || json.size() != 7) {
			return LatencyStats.EMPTY;
		}
		return new LatencyStats((long) StoreJson.number(json.get(0)), StoreJson.number(json.get(1)),
				StoreJson.number(json.get(2)), StoreJson.number(json.get(3)), StoreJson.number(json.get(4)),
				StoreJson.number(json.get(5)), StoreJson.number(json.get(6)));
	}

	/** TTFT p50 in ms from a stored latency JSON, or null. */
	static Double ttftP50(String latencyJson) {
		if (latencyJson == null) {
			return null;
		}
		return db(latency(StoreJson.read(latencyJson).get("ttft")).p50());
	}

	static RunSummary summary(RunEntity e, List<DatasetStatsEntity> datasets) {
		JsonNode lat = e.latencyJson == null ? StoreJson.read("{}") : StoreJson.read(e.latencyJson);
		Map<String, Long> errors = new LinkedHashMap<>();
		JsonNode errorCounts = e.errorsJson == null ? null : StoreJson.read(e.errorsJson);
		if (errorCounts != null && errorCounts.isObject()) {
			errorCounts.properties().forEach(
					entry -> errors.put(entry.getKey(), entry.getValue().isNumber() ? entry.getValue().longValue() : 0L));
		}
		List<DatasetStats> ds = new ArrayList<>();
		for (DatasetStatsEntity d : datasets) {
			ds.add(new DatasetStats(d.name, num(d.weight), d.total, d.succeeded, d.failed, d.tokens, d.chars,
					num(d.totalTimeSeconds), num(d.avgResponseSeconds), num(d.avgGenerationSpeed), num(d.avgTps)));
		}
		return new RunSummary(e.runId, e.name, e.model, e.loadDescription, e.concurrency, RunStatus.valueOf(e.status),
				e.errorMessage, e.startMillis, e.endMillis, num(e.totalTimeSeconds), e.totalTasks, e.successfulTasks,
				e.failedTasks, e.attempts, e.totalTokens, e.inputTokens, e.totalChars, e.estimatedTokens,
				num(e.requestsPerSecond), num(e.outputTokensPerSecond), num(e.targetRate), num(e.achievedRate),
				latency(lat.get("ttft")), latency(lat.get("e2e")), latency(lat.get("itl")), latency(lat.get("tpot")), errors, ds,
				num(e.avgResponseSeconds), num(e.avgGenerationSpeed), num(e.avgTps),
				lat.has("ttft_first_turn") ? new TurnStats(latency(lat.get("ttft_first_turn")),
						latency(lat.get("ttft_later_turns"))) : TurnStats.NONE,
				ClientHealthJson.read(e.clientHealthJson));
	}

	static DatasetStatsEntity dataset(String runId, int position, DatasetStats d) {
		DatasetStatsEntity e = new DatasetStatsEntity();
		e.id = runId + "/" + position;
		e.runId = runId;
		e.position = position;
		e.name = d.name();
		e.weight = db(d.weight());
		e.total = d.total();
		e.succeeded = d.succeeded();
		e.failed = d.failed();
		e.tokens = d.outputTokens();
		e.chars = d.chars();
		e.totalTimeSeconds = db(d.totalTimeSeconds());
		e.avgResponseSeconds = db(d.avgResponseSeconds());
		e.avgGenerationSpeed = db(d.avgGenerationSpeed());
		e.avgTps = db(d.avgTps());
		return e;
	}

	static RequestSampleEntity sample(String runId, long seq, RequestResult r) {
		RequestSampleEntity e = new RequestSampleEntity();
		e.runId = runId;
		e.seq = seq;
		e.lod = lod(seq);
		e.requestId = r.requestId();
		e.index = r.index();
		e.dataset = r.dataset();
		e.promptId = r.promptId();
		e.attempt = r.attempt();
		e.last = r.last();
		e.warmup = r.warmup();
		e.startEpochMicros = r.startEpochMicros();
		e.ttftMicros = micros(r.ttftNanos());
		e.e2eMicros = micros(r.e2eNanos());
		e.itlCount = r.itlCount();
		e.itlMeanMicros = micros(r.itlMeanNanos());
		e.itlMaxMicros = micros(r.itlMaxNanos());
		e.tpotMicros = micros(r.tpotNanos());
		e.outputTokens = r.outputTokens();
		e.tokenSource = r.tokenSource().name();
		e.inputTokens = r.inputTokens();
		e.chars = r.chars();
		e.httpStatus = r.httpStatus();
		e.errorKind = r.error() == null ? null : r.error().name();
		e.errorMessage = r.errorMessage() == null ? null
				: r.errorMessage().length() > 1000 ? r.errorMessage().substring(0, 1000) : r.errorMessage();
		e.inputTokensSent = r.inputTokensSent() < 0 ? null : r.inputTokensSent();
		e.outputTokensAsked = r.outputTokensAsked() < 0 ? null : r.outputTokensAsked();
		e.turn = r.conversationId() == null ? null : r.turn();
		e.conversationId = r.conversationId();
		HttpTimingColumns.write(e, r.httpTiming());
		return e;
	}

	static GpuSampleEntity gpu(String runId, io.deepstress.core.gpu.GpuSample s) {
		GpuSampleEntity e = new GpuSampleEntity();
		e.runId = runId;
		e.epochMillis = s.epochMillis();
		e.host = s.host();
		e.index = s.index();
		e.uuid = s.uuid();
		e.name = s.name();
		e.utilization = s.utilization();
		e.memoryUsedMiB = s.memoryUsedMiB();
		e.memoryTotalMiB = s.memoryTotalMiB();
		e.temperatureC = s.temperatureC();
		e.powerW = s.powerW();
		e.powerLimitW = s.powerLimitW();
		e.smClockMHz = s.smClockMHz();
		e.throttleReasons = s.throttleReasons();
		return e;
	}

	static io.deepstress.core.gpu.GpuSample gpu(GpuSampleEntity e) {
		return new io.deepstress.core.gpu.GpuSample(e.epochMillis, e.host, e.index, e.uuid, e.name, e.utilization,
				e.memoryUsedMiB, e.memoryTotalMiB, e.temperatureC, e.powerW, e.powerLimitW, e.smClockMHz, e.throttleReasons);
	}

	static int lod(long seq) {
		return seq == 0 ? 63 : Long.numberOfTrailingZeros(seq);
	}

	/** Derby stores no NaN: an undefined figure is stored as NULL. */
	static Double db(double value) {
		return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
	}

	static double num(Double value) {
		return value == null ? Double.NaN : value;
	}

	private static long micros(long nanos) {
		return nanos < 0 ? -1 : nanos / 1000;
	}

	private static long nanos(long micros) {
		return micros < 0 ? -1 : micros * 1000;
	}

	static RequestResult result(RequestSampleEntity e) {
		return new RequestResult(e.requestId, e.index, e.dataset, e.promptId, e.attempt, e.last, e.warmup, -1,
				e.startEpochMicros, nanos(e.ttftMicros), nanos(e.e2eMicros), e.itlCount, nanos(e.itlMeanMicros),
				nanos(e.itlMaxMicros), nanos(e.tpotMicros), e.outputTokens, TokenSource.valueOf(e.tokenSource),
				e.inputTokens, e.chars, e.httpStatus, e.errorKind == null ? null : ErrorKind.valueOf(e.errorKind),
				e.errorMessage, e.inputTokensSent == null ? -1 : e.inputTokensSent,
				e.outputTokensAsked == null ? -1 : e.outputTokensAsked, e.turn == null ? 0 : e.turn, e.conversationId,
				-1, HttpTimingColumns.read(e));
	}
}
