package io.deepstress.store.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.trace.TraceReplay;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.Timeouts;

/** Conversions between endpoints / configurations and their entities. */
final class ConfigurationMapping {

	private ConfigurationMapping() {
	}

	static void into(Endpoint e, EndpointEntity row) {
		row.id = e.id();
		row.name = e.name();
		row.nameKey = NamedEntity.key(e.name());
		row.baseUrl = e.baseUrl();
		row.apiKind = e.apiKind().name();
		row.model = e.model();
		row.headersJson = e.headers().isEmpty() ? null : StoreJson.write(new LinkedHashMap<>(e.headers()));
		row.verifyTls = e.verifyTls();
		row.connectTimeoutMillis = e.timeouts().connect().toMillis();
		row.firstTokenTimeoutMillis = e.timeouts().firstToken().toMillis();
		row.totalTimeoutMillis = e.timeouts().total().toMillis();
		row.secretKey = e.secretKey();
		row.updatedMillis = System.currentTimeMillis();
	}

	static Endpoint endpoint(EndpointEntity row) {
		Map<String, String> headers = new LinkedHashMap<>();
		JsonNode stored = row.headersJson == null ? null : StoreJson.read(row.headersJson);
		if (stored != null && stored.isObject()) {
			stored.properties().forEach(h -> {
				if (!h.getValue().isObject()) { // an object is a secret header: its value is in secure storage
					headers.put(h.getKey(), h.getValue().isTextual() ? h.getValue().textValue()
							: h.getValue().isNull() ? "" : h.getValue().toString());
				}
			});
		}
		return new Endpoint(row.id, row.name, row.baseUrl, ApiKind.valueOf(row.apiKind), row.model, headers,
				row.verifyTls, new Timeouts(Duration.ofMillis(row.connectTimeoutMillis),
						Duration.ofMillis(row.firstTokenTimeoutMillis), Duration.ofMillis(row.totalTimeoutMillis)));
	}

	static void into(TestConfiguration c, ConfigurationEntity row) {
		row.id = c.id();
		row.name = c.name();
		row.nameKey = NamedEntity.key(c.name());
		row.endpointId = c.endpointId();
		TraceReplay trace = c.trace();
		row.traceFile = trace == null ? null : trace.file();
		row.traceSpeed = trace == null ? null : trace.speed();
		row.traceStartSeconds = trace == null ? null : trace.startSeconds();
		row.traceTokenizer = trace == null ? null : trace.tokenizer();
		row.traceSeed = trace == null ? null : trace.seed();
		if (c.load() instanceof Load.ClosedLoop closed) {
			row.loadKind = trace == null ? "closed" : "trace";
			row.concurrency = closed.concurrency();
			row.rate = 0;
			row.poisson = false;
			row.maxConcurrency = 0;
		} else if (c.load() instanceof Load.OpenLoop open) {
			row.loadKind = "open";
			row.concurrency = 0;
			row.rate = open.ratePerSecond();
			row.poisson = open.poisson();
			row.maxConcurrency = open.maxConcurrency();
		}
		row.maxRequests = c.limits().maxRequests();
		row.maxDurationMillis = c.limits().maxDuration() == null ? null : c.limits().maxDuration().toMillis();
		row.onePass = c.limits().onePass();
		row.warmup = c.limits().warmupRequests();
		row.stream = c.request().stream();
		row.maxTokens = c.request().maxTokens();
		row.temperature = c.request().temperature();
		row.extraBody = c.request().extraBodyJson();
		row.includeUsage = c.request().includeUsage();
		row.connectTimeoutMillis = c.timeouts() == null ? null : c.timeouts().connect().toMillis();
		row.firstTokenTimeoutMillis = c.timeouts() == null ? null : c.timeouts().firstToken().toMillis();
		row.totalTimeoutMillis = c.timeouts() == null ? null : c.timeouts().total().toMillis();
		row.retries = c.retry().maxRetries();
		row.backoffMillis = c.retry().baseBackoff().toMillis();
		row.maxBackoffMillis = c.retry().maxBackoff().toMillis();
		row.sweepLevels = c.isSweep() ? c.sweepText() : null;
		row.slo = c.slo();
		row.updatedMillis = System.currentTimeMillis();
	}

	/** The levels stored by {@link #into(TestConfiguration, ConfigurationEntity)}: empty when null or blank. */
	static List<Double> sweep(String levels) {
		if (levels == null || levels.isBlank()) {
			return List.of();
		}
		List<Double> list = new ArrayList<>();
		for (String level : levels.split(",")) {
			list.add(Double.parseDouble(level.strip()));
		}
		return list;
	}

	static List<ConfigurationDatasetEntity> shares(TestConfiguration c) {
		List<ConfigurationDatasetEntity> rows = new ArrayList<>();
		for (int i = 0; i < c.datasets().size(); i++) {
			ConfigurationDatasetEntity row = new ConfigurationDatasetEntity();
			row.id = c.id() + "#" + i;
			row.configId = c.id();
			row.position = i;
			row.datasetName = c.datasets().get(i).dataset();
			row.weight = c.datasets().get(i).weight();
			rows.add(row);
		}
		return rows;
	}

	static TestConfiguration configuration(ConfigurationEntity row, List<ConfigurationDatasetEntity> shares) {
		Load load = "open".equals(row.loadKind) ? new Load.OpenLoop(row.rate, row.poisson, row.maxConcurrency)
				: new Load.ClosedLoop(row.concurrency);
		Limits limits = new Limits(row.maxRequests,
				row.maxDurationMillis == null ? null : Duration.ofMillis(row.maxDurationMillis), row.onePass, row.warmup);
		RequestOptions request = new RequestOptions(row.stream, row.maxTokens, row.temperature, row.extraBody,
				row.includeUsage);
		Timeouts timeouts = row.connectTimeoutMillis == null ? null
				: new Timeouts(Duration.ofMillis(row.connectTimeoutMillis), Duration.ofMillis(row.firstTokenTimeoutMillis),
						Duration.ofMillis(row.totalTimeoutMillis));
		RetryPolicy retry = new RetryPolicy(row.retries, Duration.ofMillis(row.backoffMillis),
				Duration.ofMillis(row.maxBackoffMillis));
		return new TestConfiguration(row.id, row.name, row.endpointId,
				shares.stream().map(s -> new TestConfiguration.Share(s.datasetName, s.weight)).toList(), load, limits,
				request, timeouts, retry, sweep(row.sweepLevels), slo(row.slo), trace(row));
	}

	/** A stored trace replay, or null without one. */
	private static TraceReplay trace(ConfigurationEntity row) {
		if (row.traceFile == null) {
			return null;
		}
		return new TraceReplay(row.traceFile, row.traceSpeed == null ? 1 : row.traceSpeed,
				row.traceStartSeconds == null ? 0 : row.traceStartSeconds, row.traceTokenizer,
				row.traceSeed == null ? 1 : row.traceSeed);
	}

	/** A stored SLO, or null when there is none or it no longer parses (a damaged row still opens). */
	private static String slo(String expression) {
		if (expression == null || expression.isBlank()) {
			return null;
		}
		try {
			io.deepstress.core.slo.Slo.parse(expression);
			return expression;
		} catch (IllegalArgumentException e) {
			return null;
		}
	}
}
