package io.deepstress.engine.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.Scheduler;

import io.deepstress.core.metrics.WeightedSplit;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.run.ClientHealthReport;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunHandle;
import io.deepstress.core.services.RunListener;

/**
 * One run: its lifecycle (start, stop, cancel, finish), the closed loop's slots (the open loop's schedule is
 * {@link Arrivals}), and the attempts: sending, timing out, retrying. Which prompt goes next is
 * {@link WorkSource}'s, the request bodies {@link RequestBodies}', the statistics {@link RunStatistics}', what
 * the listener and the bus hear {@link Publisher}'s, and the final figures {@link RunSummaries}'.
 */
final class Run implements RunHandle {

	private final String runId = UUID.randomUUID().toString();
	private final String idPrefix = runId.substring(0, 8);
	private final RunConfig config;
	private final Publisher publisher;
	private final HttpClient client;
	private final Scheduler scheduler;
	private final Executor executor;
	private final Runnable onEnd;
	private final String url;
	private final boolean chat;
	private final RequestBodies bodies;
	private final RunStatistics stats = new RunStatistics();
	/** How the streamed events of this run were read (scanner or full parser). */
	final ChunkCounts chunkCounts = new ChunkCounts();
	/** The fidelity watchdog's measurements of this client while the run lasts. */
	private final ClientHealth health;
	/** What the watchdog measured, once the run has finished (null before). */
	volatile ClientHealthReport healthReport;
	private final List<DatasetShare> datasets;

	private final WorkSource workSource;
	private final AtomicInteger inFlight = new AtomicInteger();
	private final AtomicInteger producers = new AtomicInteger();
	private final Set<Exchange> live = ConcurrentHashMap.newKeySet();
	private final Map<Work, PendingRetry> retries = new ConcurrentHashMap<>();

	private record PendingRetry(Scheduler.Task task, int attempt) {
	}
	private final AtomicBoolean finished = new AtomicBoolean();
	private final CompletableFuture<RunSummary> completion = new CompletableFuture<>();
	private volatile boolean stopping;
	private volatile boolean cancelled;
	private volatile boolean usageRejected;
	private volatile String internalError;
	private volatile Thread arrivalThread;
	private Arrivals arrivals;

	private final long startNanos;
	private final long startEpochMillis;
	private final AtomicLong firstMeasuredStart = new AtomicLong(Long.MAX_VALUE);
	private final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);
	private final AtomicLong sent = new AtomicLong();
	/** The client's connection clock for the HTTP timing breakdown, or null when the client has none. */
	private final ConnectionClock connections;

	Run(RunConfig config, RunListener listener, BiConsumer<String, Object> bus, HttpClient client,
			Scheduler scheduler, Runnable onEnd) {
		this.config = config;
		this.publisher = new Publisher(listener, bus);
		this.client = client;
		this.scheduler = scheduler;
		this.executor = client.getExecutor();
		this.connections = client.getBean(ConnectionClock.class);
		this.onEnd = onEnd;
		this.url = config.target().url();
		this.chat = config.target().apiKind() == ApiKind.CHAT;
		this.datasets = config.datasets();
		this.bodies = new RequestBodies(config); // first: it readies the JSON library, before the run's clock starts
		this.startNanos = System.nanoTime();
		this.startEpochMillis = System.currentTimeMillis();
		this.workSource = new WorkSource(datasets, config.limits());
		this.health = ClientHealth.of(scheduler, executor);
		this.health.onWindow(report -> publisher.clientHealth(runId, report));
		for (int i = 0; i < datasets.size(); i++) {
			stats.declareDataset(datasets.get(i).dataset().name(), datasets.get(i).weight());
		}
	}

	static void validate(RunConfig config) {
		URI uri;
		try {
			uri = URI.create(config.target().url());
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Not a valid URL: " + config.target().baseUrl());
		}
		if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
			throw new IllegalArgumentException(
					"The endpoint URL must be http:// or https:// with a host: " + config.target().baseUrl());
		}
		RequestBodies.validate(config);
		Network.validate(config.network(), uri);
	}

	// ------------------------------------------------------------------------------------- RunHandle

	@Override
	public String runId() {
		return runId;
	}

	@Override
	public RunConfig config() {
		return config;
	}

	@Override
	public java.util.Optional<io.deepstress.core.batch.RunHistograms> histograms() {
		return java.util.Optional.of(stats.histograms());
	}

	@Override
	public CompletableFuture<RunSummary> completion() {
		return completion;
	}

	@Override
	public void cancel() {
		if (finished.get()) {
			return;
		}
		cancelled = true;
		stopping = true;
		Thread t = arrivalThread;
		if (t != null) {
			t.interrupt();
		}
		for (Exchange e : live) {
			e.abort(new AttemptFailure(ErrorKind.CANCELLED, "the run was stopped"));
		}
		for (Work work : List.copyOf(retries.keySet())) {
			PendingRetry retry = retries.remove(work);
			if (retry != null) {
				retry.task().cancel();
				finishCancelled(work, retry.attempt());
			}
		}
		try {
			executor.execute(this::maybeFinish);
		} catch (java.util.concurrent.RejectedExecutionException ended) {
			// the run ended between the check above and here, and its client's threads have stopped: done
		}
	}

	@Override
	public LiveSnapshot snapshot() {
		double elapsed = (System.nanoTime() - startNanos) / 1e9;
		double window = measuredSeconds(System.nanoTime());
		long done = stats.total();
		double progress = Double.NaN;
		if (config.limits().maxRequests() > 0) {
			progress = Math.min(1, done / (double) config.limits().maxRequests());
		}
		if (config.limits().maxDuration() != null) {
			double p = Math.min(1, elapsed / (config.limits().maxDuration().toMillis() / 1000.0));
			progress = Double.isNaN(progress) ? p : Math.max(progress, p);
		} else if (config.limits().onePass() && config.limits().maxRequests() == 0) {
			long all = datasets.stream().mapToLong(d -> d.dataset().prompts().size()).sum();
			progress = Math.min(1, done / (double) all);
		}
		return new LiveSnapshot(runId, config.name(), elapsed, sent.get(), done, stats.succeeded(), stats.failed(),
				inFlight.get(), window > 0 ? stats.succeeded() / window : 0,
				window > 0 ? stats.outputTokens() / window : 0, stats.percentileMs(true, 50),
				stats.percentileMs(true, 99), stats.percentileMs(false, 50), stats.percentileMs(false, 99),
				progress);
	}

	// ------------------------------------------------------------------------------------- running

	void start() {
		// the listener hears of the run (and learns its id) before any result
		publisher.started(snapshot());
		health.start();
		publisher.tickEvery(scheduler, finished::get, this::snapshot, () -> sent.get() + stats.attempts());
		if (config.limits().maxDuration() != null) {
			scheduler.schedule(this::stopIssuing, config.limits().maxDuration().toNanos(), TimeUnit.NANOSECONDS);
		}
		Load load = config.load();
		if (load instanceof Load.ClosedLoop closed) {
			int[] slots = WeightedSplit.slots(datasets.stream().map(DatasetShare::weight).toList(),
					closed.concurrency());
			int total = 0;
			for (int s : slots) {
				total += s;
			}
			producers.set(total);
			for (int d = 0; d < slots.length; d++) {
				for (int s = 0; s < slots[d]; s++) {
					int dataset = d;
					executor.execute(() -> nextInSlot(dataset));
				}
			}
		} else if (load instanceof Load.OpenLoop open) {
			producers.set(1);
			arrivals = new Arrivals(open, datasets.stream().map(DatasetShare::weight).toList(), runId.hashCode(),
					new ArrivalTarget(), health.lateness());
			Thread t = new Thread(this::arrive, "deepstress-arrivals-" + idPrefix);
			t.setDaemon(true);
			arrivalThread = t;
			t.start();
		} else if (load instanceof Load.Scheduled scheduled) {
			producers.set(1);
			arrivals = new Arrivals(scheduled, datasets.stream().map(DatasetShare::weight).toList(), new ArrivalTarget(),
					health.lateness());
			Thread t = new Thread(this::arrive, "deepstress-trace-" + idPrefix);
			t.setDaemon(true);
			arrivalThread = t;
			t.start();
		}
	}

	/** The arrival thread: the connections the first burst needs, then the arrivals (whose clock starts after). */
	private void arrive() {
		Preconnect.open(client, url, Preconnect.count(config.load(), config.network().http()),
				config.timeouts().connect().toMillis(), connections);
		arrivals.run();
	}

	private void stopIssuing() {
		stopping = true;
		Thread t = arrivalThread;
		if (t != null) {
			LockSupport.unpark(t);
		}
		maybeFinish();
	}

	/** The next request of a dataset, or null when the run issues no more for it. */
	private Work nextWork(int dataset) {
		return stopping ? null : workSource.next(dataset);
	}

	private void nextInSlot(int dataset) {
		Work work = nextWork(dataset);
		if (work == null) {
			producers.decrementAndGet();
			maybeFinish();
			return;
		}
		inFlight.incrementAndGet();
		send(work, 1);
	}

	/** The open loop's arrivals drive this run. */
	private final class ArrivalTarget implements Arrivals.Target {

		@Override
		public boolean stopping() {
			return stopping;
		}

		@Override
		public Work next(int dataset) {
			return nextWork(dataset);
		}

		@Override
		public boolean allIssued() {
			return workSource.allIssued();
		}

		@Override
		public void send(Work next, long dueNanos) {
			inFlight.incrementAndGet();
			Run.this.send(next, 1, dueNanos);
		}

		@Override
		public void failed(String message) {
			internalError = message;
			stopping = true;
		}

		@Override
		public void ended() {
			producers.decrementAndGet();
			maybeFinish();
		}
	}

	private long asked(Work work) {
		Integer max = work.maxTokens(config.request().maxTokens());
		return max == null ? -1 : max;
	}

	private void send(Work work, int attempt) {
		send(work, attempt, -1);
	}

	/** Sends an attempt; {@code scheduledNanos} is the open loop's due time of a first attempt, else -1. */
	private void send(Work work, int attempt, long scheduledNanos) {
		boolean withUsage = config.request().stream() && config.request().includeUsage() && !usageRejected;
		String requestId = idPrefix + "-" + work.index() + (attempt > 1 ? "-" + attempt : "");
		Exchange exchange = new Exchange(work, attempt, withUsage, requestId, config.request().stream(), chat,
				config.network().maxBodyBytes(), asked(work), this::complete);
		Request request = client.newRequest(url).method(HttpMethod.POST)
				.timeout(config.timeouts().total().toMillis(), TimeUnit.MILLISECONDS)
				.headers(h -> {
					h.put(HttpHeader.CONTENT_TYPE, "application/json");
					h.put(HttpHeader.ACCEPT, config.request().stream() ? "text/event-stream" : "application/json");
					h.put("X-Request-Id", requestId);
					String key = config.target().apiKey();
					if (key != null && !key.isEmpty()) {
						h.put(HttpHeader.AUTHORIZATION, "Bearer " + key);
					}
					config.target().headers().forEach(h::put);
				})
				.body(new StringRequestContent("application/json", bodies.body(work, withUsage)))
				.onRequestBegin(r -> exchange.startNanos = System.nanoTime());
		if (connections != null) {
			HttpTimer timer = new HttpTimer(connections);
			request.onRequestQueued(timer).onRequestBegin(timer).onResponseBegin(timer).onResponseHeaders(timer);
			exchange.timer = timer;
		}
		exchange.request = request;
		exchange.scheduledNanos = scheduledNanos;
		live.add(exchange);
		sent.incrementAndGet();
		exchange.startEpochMicros = System.currentTimeMillis() * 1000;
		exchange.sendNanos = System.nanoTime();
		Duration firstToken = config.timeouts().firstToken();
		exchange.watchdog(scheduler.schedule(() -> exchange.checkFirstToken(firstToken), firstToken.toNanos(),
				TimeUnit.NANOSECONDS));
		if (cancelled) {
			exchange.abort(new AttemptFailure(ErrorKind.CANCELLED, "the run was stopped"));
		}
		request.send(exchange);
	}

	private void complete(Exchange exchange, Result result) {
		long end = System.nanoTime();
		live.remove(exchange);
		Work work = exchange.work;
		int maxAttempts = 1 + config.retry().maxRetries();
		boolean mayRetry = !cancelled && !(stopping && config.limits().maxDuration() != null);
		Exchange.Outcome outcome = exchange.outcome(result, end, cancelled);
		chunkCounts.add(exchange.scannedEvents, exchange.parsedEvents);
		boolean usageFallback = outcome.usageRejected() && !cancelled;
		boolean retry = usageFallback || outcome.retryable() && exchange.attempt < maxAttempts && mayRetry;
		RequestResult r = Attempts.withLast(outcome.result(), !retry);
		if (!r.warmup() && r.attempt() == 1) {
			firstMeasuredStart.accumulateAndGet(r.startNanos(), Math::min);
		}
		stats.add(r, outcome.gaps());
		publisher.add(r);
		if (retry) {
			if (usageFallback) {
				usageRejected = true;
				executor.execute(() -> send(work, exchange.attempt + 1));
				return;
			}
			Duration wait = outcome.retryAfter() != null ? outcome.retryAfter() : config.retry().backoff(exchange.attempt);
			if (wait.compareTo(config.retry().maxBackoff()) > 0) {
				wait = config.retry().maxBackoff();
			}
			int next = exchange.attempt + 1;
			Scheduler.Task task = scheduler.schedule(() -> {
				if (retries.remove(work) != null) {
					if (cancelled) {
						finishCancelled(work, next);
					} else {
						send(work, next);
					}
				}
			}, wait.toNanos(), TimeUnit.NANOSECONDS);
			retries.put(work, new PendingRetry(task, next));
			if (cancelled && retries.remove(work) != null) {
				task.cancel();
				finishCancelled(work, next);
			}
			return;
		}
		if (r.succeeded() && work.hasNextTurn() && !stopping && !cancelled) {
			Work next = workSource.nextTurn(work, exchange.answer());
			if (next != null) {
				// the conversation goes on in the same slot (and under the same open-loop arrival)
				lastEnd.accumulateAndGet(r.startNanos() + Math.max(0, r.e2eNanos()), Math::max);
				executor.execute(() -> send(next, 1));
				return;
			}
		}
		finishWork(work, r);
	}

	/** A retry that will not happen because the run was stopped: its request ends as cancelled. */
	private void finishCancelled(Work work, int attempt) {
		RequestResult c = Attempts.cancelled(idPrefix, work, attempt);
		stats.add(c, null);
		publisher.add(c);
		finishWork(work, c);
	}

	private void finishWork(Work work, RequestResult last) {
		lastEnd.accumulateAndGet(last.startNanos() + Math.max(0, last.e2eNanos()), Math::max);
		if (arrivals != null) {
			arrivals.release();
		}
		if (config.load() instanceof Load.ClosedLoop) {
			executor.execute(() -> {
				nextInSlot(work.dataset());
				inFlight.decrementAndGet();
				maybeFinish();
			});
		} else {
			inFlight.decrementAndGet();
			maybeFinish();
		}
	}

	private void maybeFinish() {
		if (producers.get() == 0 && inFlight.get() == 0 && live.isEmpty() && finished.compareAndSet(false, true)) {
			finish();
		}
	}

	private double measuredSeconds(long now) {
		long first = firstMeasuredStart.get();
		if (first == Long.MAX_VALUE) {
			return 0;
		}
		long end = finished.get() ? lastEnd.get() : now;
		return Math.max(0, end - first) / 1e9;
	}

	private void finish() {
		RunSummary summary;
		healthReport = health.stop();
		try {
			RunStatus status = internalError != null ? RunStatus.ERROR
					: cancelled ? RunStatus.CANCELLED : RunStatus.COMPLETED;
			summary = RunSummaries.of(runId, config, stats, status, internalError, startEpochMillis,
					measuredSeconds(lastEnd.get()), arrivals == null ? Double.NaN : arrivals.achievedRate())
					.withClientHealth(healthReport);
		} catch (RuntimeException e) {
			publisher.flush();
			completion.completeExceptionally(e);
			onEnd.run();
			return;
		}
		publisher.finished(summary);
		completion.complete(summary);
		onEnd.run();
	}
}
