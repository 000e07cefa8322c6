package io.deepstress.servermetrics.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.deepstress.core.timeline.ServerMetricsSource;
import io.deepstress.core.timeline.ServerMetricsStatus;
import io.deepstress.core.timeline.ServerSeries;

/**
 * Scrapes Prometheus text over HTTP (the JDK's client) about once a second. Each scrape is bounded: at most
 * {@link #TIMEOUT} from request to the body's end and {@link #MAX_BYTES} of body; a scrape that fails is skipped
 * with its reason in the state and the next one is tried.
 */
@Component(service = ServerMetricsSource.class)
public final class PrometheusScraper implements ServerMetricsSource {

	/** A scrape's limit from request to the body's last byte. */
	static final Duration TIMEOUT = Duration.ofSeconds(2);
	/** The largest body read (a vLLM /metrics with 2,000 series is about 300 KB). */
	static final int MAX_BYTES = 8 << 20;
	/** The interval between scrape starts. */
	static final long PERIOD_MILLIS = 1000;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
			.followRedirects(HttpClient.Redirect.NORMAL).executor(Executors.newCachedThreadPool(r -> {
				Thread t = new Thread(r, "deepstress-metrics-http");
				t.setDaemon(true);
				return t;
			})).build();

	@Override
	public Scrape start(URI url, long originNanos, Set<String> picked) {
		if (url.getScheme() == null || !url.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("http")) {
			throw new IllegalArgumentException("not an http(s) URL: " + url);
		}
		Running r = new Running(url, originNanos, new SeriesTracker(picked));
		r.begin();
		return r;
	}

	@Override
	public boolean answers(URI url) {
		try {
			String text = fetch(url);
			return !PrometheusText.parse(text).samples().isEmpty();
		} catch (Exception e) {
			return false;
		}
	}

	/** One GET, bounded in time and size; the body as text. */
	public String fetch(URI url) throws IOException, InterruptedException {
		HttpRequest req = HttpRequest.newBuilder(url).timeout(TIMEOUT)
				.header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1").GET().build();
		CompletableFuture<HttpResponse<String>> f = client.sendAsync(req, info -> new Capped(info.statusCode()));
		HttpResponse<String> resp;
		try {
			resp = f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		} catch (TimeoutException e) {
			f.cancel(true);
			throw new HttpTimeoutException("no complete answer within " + TIMEOUT.toMillis() + " ms");
		} catch (ExecutionException e) {
			Throwable c = e.getCause();
			if (c instanceof IOException io) {
				throw io;
			}
			throw new IOException(c.getMessage() != null ? c.getMessage() : c.toString(), c);
		}
		if (resp.statusCode() != 200) {
			throw new IOException("HTTP " + resp.statusCode());
		}
		return resp.body();
	}

	/** A body subscriber that gives up beyond {@link #MAX_BYTES}. */
	private static final class Capped implements HttpResponse.BodySubscriber<String> {
		private final CompletableFuture<String> result = new CompletableFuture<>();
		private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		private final int status;
		private Flow.Subscription subscription;

		Capped(int status) {
			this.status = status;
		}

		@Override
		public CompletionStage<String> getBody() {
			return result;
		}

		@Override
		public void onSubscribe(Flow.Subscription s) {
			subscription = s;
			s.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			if (result.isDone()) {
				return;
			}
			for (ByteBuffer b : items) {
				int n = b.remaining();
				if (bytes.size() + n > MAX_BYTES || status != 200 && bytes.size() + n > 4096) {
					if (status != 200) {
						result.complete("");
					} else {
						result.completeExceptionally(new IOException("the answer is larger than " + (MAX_BYTES >> 20) + " MiB"));
					}
					subscription.cancel();
					return;
				}
				byte[] a = new byte[n];
				b.get(a);
				bytes.write(a, 0, n);
			}
		}

		@Override
		public void onError(Throwable t) {
			result.completeExceptionally(t);
		}

		@Override
		public void onComplete() {
			result.complete(bytes.toString(StandardCharsets.UTF_8));
		}
	}

	@Deactivate
	void deactivate() {
		client.executor().ifPresent(e -> ((java.util.concurrent.ExecutorService) e).shutdownNow());
	}

	/** One scraping, on its own scheduler thread. */
	private final class Running implements Scrape {
		private final URI url;
		private final long originNanos;
		private final SeriesTracker tracker;
		private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "deepstress-metrics-scrape");
			t.setDaemon(true);
			return t;
		});
		private long ok;
		private long failedScrapes;
		private String lastFailure;
		private boolean closed;

		Running(URI url, long originNanos, SeriesTracker tracker) {
			this.url = url;
			this.originNanos = originNanos;
			this.tracker = tracker;
		}

		void begin() {
			timer.scheduleAtFixedRate(this::once, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
		}

		private void once() {
			long before = System.nanoTime();
			try {
				String text = fetch(url);
				// the instant the server answered: the scrape's middle, on the run's clock
				double tS = ((before + System.nanoTime()) / 2 - originNanos) / 1e9;
				PrometheusText.Parsed parsed = PrometheusText.parse(text);
				if (parsed.samples().isEmpty()) {
					throw new PrometheusText.FormatException("no samples in the answer");
				}
				synchronized (this) {
					tracker.add(tS, parsed);
					ok++;
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			} catch (Exception e) {
				synchronized (this) {
					failedScrapes++;
					lastFailure = reason(e);
				}
			}
		}

		private String reason(Throwable e) {
			String m = e.getMessage();
			if (e instanceof java.net.ConnectException) {
				return "connection refused";
			}
			if (e instanceof HttpTimeoutException) {
				return m != null ? m : "timed out";
			}
			return m != null && !m.isBlank() ? m : e.getClass().getSimpleName();
		}

		@Override
		public synchronized ServerMetricsStatus status() {
			ServerMetricsStatus.State state = ok == 0 ? (failedScrapes == 0 && !closed ? ServerMetricsStatus.State.OK
					: ServerMetricsStatus.State.FAILED)
					: failedScrapes == 0 ? ServerMetricsStatus.State.OK : ServerMetricsStatus.State.PARTIAL;
			String reason = lastFailure == null ? null
					: failedScrapes + " of " + (ok + failedScrapes) + " scrapes failed, the last: " + lastFailure;
			if (ok == 0 && failedScrapes == 0 && closed) {
				reason = "the run ended before the first scrape was answered";
			}
			if (tracker.truncated()) {
				reason = (reason == null ? "" : reason + "; ") + "only the first " + SeriesTracker.MAX_SERIES + " series kept";
			}
			return new ServerMetricsStatus(url.toString(), state, tracker.server(), ok, reason);
		}

		@Override
		public synchronized List<ServerSeries> series() {
			return tracker.series();
		}

		@Override
		public void close() {
			synchronized (this) {
				closed = true;
			}
			timer.shutdownNow();
			try {
				timer.awaitTermination(1, TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
