package io.deepstress.servermetrics.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.deepstress.core.probe.EndpointProbe;
import io.deepstress.core.probe.ProbeReport;

/**
 * The endpoint probe over the JDK HTTP client, each step bounded ({@link #STEP}); beside the scraper because it ends
 * with the same {@code /metrics} check.
 */
@Component(service = EndpointProbe.class)
public final class HttpEndpointProbe implements EndpointProbe {

	static final Duration STEP = Duration.ofSeconds(15);
	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5)).build();
	private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "deepstress-probe-watchdog");
		t.setDaemon(true);
		return t;
	});
	private final PrometheusScraper scraper = new PrometheusScraper();

	@Override
	public ProbeReport probe(String baseUrl, String model, String apiKey) {
		URI base;
		try {
			base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("not a URL: " + baseUrl);
		}
		String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
			throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
		}
		List<String> problems = new ArrayList<>();
		List<String> models = new ArrayList<>();
		try {
			HttpResponse<String> r = client.send(request(URI.create(base + "/models"), apiKey).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (r.statusCode() != 200) {
				problems.add("GET /models answered HTTP " + r.statusCode());
			} else {
				for (JsonNode m : JSON.readTree(r.body()).path("data")) {
					if (m.hasNonNull("id")) {
						models.add(m.get("id").asText());
					}
				}
				if (models.isEmpty()) {
					problems.add("GET /models listed no model");
				}
			}
		} catch (IOException e) {
			problems.add("GET /models: " + reason(e));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			problems.add("interrupted");
		}
		String used = model != null ? model : models.isEmpty() ? null : models.get(0);
		Chat chat = used == null ? null : chat(base, used, apiKey, true, problems);
		if (chat != null && chat.status >= 400 && chat.status < 500) { // a server that refuses stream_options
			Chat without = chat(base, used, apiKey, false, new ArrayList<>());
			if (without.streaming) {
				without.includeUsage = false;
				chat = without;
			}
		}
		if (used == null && models.isEmpty()) {
			problems.add("no model to ask: give one");
		}
		URI host = URI.create(base.getScheme() + "://" + base.getRawAuthority());
		boolean tokenize = tokenize(host, used, apiKey);
		URI metricsUrl = URI.create(host + "/metrics");
		String server = null;
		boolean metrics = false;
		try {
			PrometheusText.Parsed parsed = PrometheusText.parse(scraper.fetch(metricsUrl));
			metrics = !parsed.samples().isEmpty();
			for (PrometheusText.Sample s : parsed.samples()) {
				server = KnownMetrics.server(s.name());
				if (server != null) {
					break;
				}
			}
		} catch (Exception e) {
			// no /metrics: said by metrics=false
		}
		return new ProbeReport(baseUrl, models, used, chat == null ? null : chat.streaming,
				chat == null ? null : chat.includeUsage, chat == null ? null : chat.roleFirst,
				chat == null ? null : chat.reasoningField, chat == null ? Double.NaN : chat.ttftMs,
				chat == null ? Double.NaN : chat.e2eMs, tokenize, metrics, server, problems);
	}

	private static HttpRequest.Builder request(URI uri, String apiKey) {
		HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(STEP);
		if (apiKey != null && !apiKey.isEmpty()) {
			b.header("Authorization", "Bearer " + apiKey);
		}
		return b;
	}

	/** What one streamed chat completion showed. */
	private static final class Chat {
		int status;
		boolean streaming;
		Boolean includeUsage;
		Boolean roleFirst;
		String reasoningField;
		double ttftMs = Double.NaN;
		double e2eMs = Double.NaN;
	}

	private Chat chat(URI base, String model, String apiKey, boolean askUsage, List<String> problems) {
		Chat c = new Chat();
		ObjectNode body = JSON.createObjectNode();
		body.put("model", model);
		body.putArray("messages").addObject().put("role", "user").put("content", "Say hello.");
		body.put("max_tokens", 8);
		body.put("stream", true);
		if (askUsage) {
			body.putObject("stream_options").put("include_usage", true);
		}
		long start = System.nanoTime();
		try {
			HttpResponse<InputStream> r = client.send(request(URI.create(base + "/chat/completions"), apiKey)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofInputStream());
			c.status = r.statusCode();
			if (r.statusCode() != 200) {
				problems.add("POST /chat/completions answered HTTP " + r.statusCode());
				r.body().close();
				return c;
			}
			var cut = watchdog.schedule(() -> {
				try {
					r.body().close();
				} catch (IOException e) {
					// closing anyway
				}
			}, STEP.toMillis(), TimeUnit.MILLISECONDS);
			try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
				boolean first = true;
				boolean usage = false;
				String line;
				while ((line = in.readLine()) != null) {
					if (!line.startsWith("data:")) {
						continue;
					}
					String data = line.substring(5).trim();
					if (data.equals("[DONE]")) {
						break;
					}
					JsonNode chunk = JSON.readTree(data);
					if (chunk.path("usage").isObject()) {
						usage = true;
					}
					JsonNode delta = chunk.path("choices").path(0).path("delta");
					if (!delta.isObject()) {
						continue;
					}
					boolean content = delta.path("content").isTextual() && !delta.path("content").asText().isEmpty();
					for (String f : new String[] { "reasoning_content", "reasoning" }) {
						if (delta.path(f).isTextual() && !delta.path(f).asText().isEmpty()) {
							c.reasoningField = f;
							content = true;
						}
					}
					if (first) {
						c.roleFirst = delta.has("role") && !content;
						first = false;
					}
					if (content && Double.isNaN(c.ttftMs)) {
						c.ttftMs = (System.nanoTime() - start) / 1e6;
						c.streaming = true;
					}
				}
				c.e2eMs = (System.nanoTime() - start) / 1e6;
				c.includeUsage = askUsage ? usage : Boolean.FALSE;
				if (!c.streaming) {
					problems.add("the streamed chat completion had no content");
				}
			} finally {
				cut.cancel(false);
			}
		} catch (IOException e) {
			problems.add("POST /chat/completions: " + reason(e));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			problems.add("interrupted");
		}
		return c;
	}

	private boolean tokenize(URI host, String model, String apiKey) {
		try {
			ObjectNode body = JSON.createObjectNode();
			if (model != null) {
				body.put("model", model);
			}
			body.put("prompt", "hello");
			HttpResponse<String> r = client.send(request(URI.create(host + "/tokenize"), apiKey)
					.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
					.build(), HttpResponse.BodyHandlers.ofString());
			return r.statusCode() == 200 && JSON.readTree(r.body()).path("tokens").isArray();
		} catch (IOException e) {
			return false;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String reason(IOException e) {
		if (e instanceof java.net.ConnectException) {
			return "connection refused";
		}
		if (e instanceof java.net.http.HttpTimeoutException) {
			return "no answer within " + STEP.toSeconds() + " s";
		}
		return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
	}

	@Deactivate
	void deactivate() {
		watchdog.shutdownNow();
		scraper.deactivate();
	}
}
