package io.deepstress.simulator.tests;

import static io.deepstress.simulator.tests.Http.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** Many concurrent streams on a few threads. */
class ConcurrencyTest {

	static final int STREAMS = 500;
	static final int TOKENS = 20;

	@Test
	void fiveHundredConcurrentStreamsComplete() throws Exception {
		SimulatorSettings settings = SimulatorSettings.defaults().withTtft(Duration.ofMillis(20))
				.withItl(Duration.ofMillis(5)).withDefaultOutputTokens(TOKENS);
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(10)).build();
		try (Simulator sim = Simulator.start(settings)) {
			long start = System.nanoTime();
			List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < STREAMS; i++) {
				futures.add(client.sendAsync(Http.post(sim.baseUrl() + "/chat/completions",
						chat("stream " + i, true, null)).header("X-Request-Id", "c-" + i).build(),
						HttpResponse.BodyHandlers.ofString()));
			}
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			long elapsed = System.nanoTime() - start;
			assertTrue(elapsed < TimeUnit.SECONDS.toNanos(30));

			for (int i = 0; i < STREAMS; i++) {
				HttpResponse<String> r = futures.get(i).get();
				assertEquals(200, r.statusCode());
				int tokens = 0;
				String last = null;
				for (String line : r.body().split("\n")) {
					if (!line.startsWith("data: ")) {
						continue;
					}
					last = line.substring(6);
					if (!"[DONE]".equals(last)) {
						String content = Tree.string(Tree.get(Tree.get(Tree.at(Tree.get(Tree.parse(last), "choices"), 0),
								"delta"), "content"));
						tokens += content == null ? 0 : Http.words(content);
					}
				}
				assertEquals(TOKENS, tokens, "stream " + i);
				assertEquals("[DONE]", last, "stream " + i);
			}

			List<ServerRecord> records = sim.records();
			assertEquals(STREAMS, records.size());
			long ttft = settings.ttft().toNanos();
			long lastToken = ttft + (TOKENS - 1) * settings.itl().toNanos();
			for (ServerRecord r : records) {
				assertEquals(200, r.status());
				assertTrue(r.ended(), r.toString());
				assertTrue(r.firstContentNanos() - r.arrivalNanos() >= ttft, "first token never early: " + r);
				assertTrue(r.lastContentNanos() - r.arrivalNanos() >= lastToken, "last token never early: " + r);
			}
		}
	}
}
