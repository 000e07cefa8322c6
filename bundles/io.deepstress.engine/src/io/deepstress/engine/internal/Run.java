package io.deepstress.engine.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
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

import io.deepstress.core.events.RunTopics;
import io.deepstress.core.metrics.WeightedSplit;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.TokenSource;
import io.deepstress.core.services.RunHandle;
import io.deepstress.core.services.RunListener;

/**
 * One run: issues requests (closed or open loop), collects attempts into {@link RunStatistics}, publishes
 * snapshots and result batches every 100 ms, and ends with a {@link RunSummary}.
 */
final class Run implements RunHandle {

	private static final long TICK_MILLIS = 100;
	private static final int MAX_BATCH = 5_000;
	private static final long MAX_BODY_BYTES = 16L << 20;

	private final String runId = UUID.randomUUID().toString();
	private final String idPrefix = runId.substring(0, 8);
	private final RunConfig config;
	private final RunListener listener;
	private final BiConsumer<String, Object> bus;
	private final HttpClient client;
	private final Scheduler scheduler;
	private final Executor executor;
	private final Runnable onEnd;
	private final String url;
	private final boolean chat;
	private final RequestBodies bodies;
	private final RunStatistics stats = new RunStatistics();
	private final List<DatasetShare> datasets;

	private final AtomicLong issued = new AtomicLong();
	private final AtomicLong[] passCursor;
	private final AtomicLong[] cycleCursor;
	private final AtomicInteger inFlight = new AtomicInteger();
	private final AtomicInteger producers = new AtomicInteger();
	private final Set<Exchange> live = ConcurrentHashMap.newKeySet();
	private final Map<Work, PendingRetry> retries = new ConcurrentHashMap<>();

	private record PendingRetry(Scheduler.Task task, int attempt) {
	}
	private final ConcurrentLinkedQueue<RequestResult> pending = new ConcurrentLinkedQueue<>();
	private final AtomicBoolean finished = new AtomicBoolean();
	private final CompletableFuture<RunSummary> completion = new CompletableFuture<>();
	private volatile boolean stopping;
	private volatile boolean cancelled;
	private volatile boolean usageRejected;
	private volatile String internalError;
	private volatile Thread arrivals;
	private Semaphore permits;

	private final long startNanos = System.nanoTime();
	private final long startEpochMillis = System.currentTimeMillis();
	private final AtomicLong firstMeasuredStart = new AtomicLong(Long.MAX_VALUE);
	private final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);
	private final AtomicLong sent = new AtomicLong();
	private long arrivalCount;
	private long firstArrivalNanos;
	private long lastArrivalNanos;

	Run(RunConfig config, RunListener listener, BiConsumer<String, Object> bus, HttpClient client,
			Scheduler scheduler, Runnable onEnd) {
		this.config = config;
		this.listener = listener == null ? RunListener.NONE : listener;
		this.bus = bus;
		this.client = client;
		this.scheduler = scheduler;
		this.executor = client.getExecutor();
		this.onEnd = onEnd;
		this.url = config.target().url();
		this.chat = config.target().apiKind() == ApiKind.CHAT;
		this.datasets = config.datasets();
		this.bodies = new RequestBodies(config);
		this.passCursor = new AtomicLong[datasets.size()];
		this.cycleCursor = new AtomicLong[datasets.size()];
		for (int i = 0; i < datasets.size(); i++) {
			passCursor[i] = new AtomicLong();
			cycleCursor[i] = new AtomicLong();
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
		Thread t = arrivals;
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
		LiveSnapshot first = snapshot();
		safely(() -> listener.onSnapshot(first));
		bus.accept(RunTopics.STARTED, first);
		scheduleTick();
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
			permits = new Semaphore(open.maxConcurrency());
			Thread t = new Thread(() -> arrivalLoop(open), "deepstress-arrivals-" + idPrefix);
			t.setDaemon(true);
			arrivals = t;
			t.start();
		}
	}

	private void stopIssuing() {
		stopping = true;
		Thread t = arrivals;
		if (t != null) {
			LockSupport.unpark(t);
		}
		maybeFinish();
	}

	/** The next request of a dataset, or null when the run issues no more for it. */
	private Work nextWork(int dataset) {
		if (stopping) {
			return null;
		}
		List<Prompt> prompts = datasets.get(dataset).dataset().prompts();
		String name = datasets.get(dataset).dataset().name();
		int warmup = config.limits().warmupRequests();
		long max = config.limits().maxRequests();
		while (true) {
			long index = issued.get();
			boolean isWarmup = index < warmup;
			if (!isWarmup && max > 0 && index - warmup >= max) {
				return null;
			}
			Prompt prompt;
			if (isWarmup) {
				prompt = prompts.get((int) (index % prompts.size()));
			} else if (config.limits().onePass()) {
				long cursor = passCursor[dataset].get();
				if (cursor >= prompts.size()) {
					return null;
				}
				if (!issued.compareAndSet(index, index + 1)) {
					continue;
				}
				if (!passCursor[dataset].compareAndSet(cursor, cursor + 1)) {
					// another slot of this dataset took this prompt; take the next one under the same index
					long c = passCursor[dataset].getAndIncrement();
					if (c >= prompts.size()) {
						return null;
					}
					return new Work(index, dataset, name, prompts.get((int) c), false);
				}
				return new Work(index, dataset, name, prompts.get((int) cursor), false);
			} else {
				prompt = prompts.get((int) (cycleCursor[dataset].getAndIncrement() % prompts.size()));
			}
			if (issued.compareAndSet(index, index + 1)) {
				return new Work(index, dataset, name, prompt, isWarmup);
			}
		}
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

	private void arrivalLoop(Load.OpenLoop load) {
		try {
			WeightedSplit.RoundRobin robin = new WeightedSplit.RoundRobin(
					datasets.stream().map(DatasetShare::weight).toList());
			SplittableRandom random = new SplittableRandom(runId.hashCode());
			double intervalNanos = 1e9 / load.ratePerSecond();
			double offset = 0;
			long base = System.nanoTime();
			boolean[] exhausted = new boolean[datasets.size()];
			int left = datasets.size();
			while (!stopping && left > 0) {
				long target = base + (long) offset;
				long wait;
				while (!stopping && (wait = target - System.nanoTime()) > 0) {
					LockSupport.parkNanos(wait);
				}
				if (stopping) {
					break;
				}
				while (!permits.tryAcquire(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
					if (stopping) {
						return;
					}
				}
				Work work = null;
				for (int tries = 0; tries < datasets.size() && work == null; tries++) {
					int d = robin.next();
					if (exhausted[d]) {
						continue;
					}
					work = nextWork(d);
					if (work == null && !stopping) {
						exhausted[d] = true;
						left--;
					}
				}
				if (work == null) {
					permits.release();
					if (stopping || config.limits().maxRequests() > 0 && issued.get() >= config.limits().maxRequests()
							+ config.limits().warmupRequests()) {
						break;
					}
					continue;
				}
				long now = System.nanoTime();
				if (arrivalCount++ == 0) {
					firstArrivalNanos = now;
				}
				lastArrivalNanos = now;
				inFlight.incrementAndGet();
				send(work, 1);
				offset += load.poisson() ? -Math.log(1 - random.nextDouble()) * intervalNanos : intervalNanos;
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (RuntimeException e) {
			internalError = "the request scheduler failed: " + e;
			stopping = true;
		} finally {
			producers.decrementAndGet();
			maybeFinish();
		}
	}

	private void send(Work work, int attempt) {
		boolean withUsage = config.request().stream() && config.request().includeUsage() && !usageRejected;
		String requestId = idPrefix + "-" + work.index() + (attempt > 1 ? "-" + attempt : "");
		Exchange exchange = new Exchange(work, attempt, withUsage, requestId, config.request().stream(), chat,
				MAX_BODY_BYTES, this::complete);
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
				.body(new StringRequestContent("application/json", bodies.body(work.prompt(), withUsage)))
				.onRequestBegin(r -> exchange.startNanos = System.nanoTime());
		exchange.request = request;
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
		boolean usageFallback = outcome.usageRejected() && !cancelled;
		boolean retry = usageFallback || outcome.retryable() && exchange.attempt < maxAttempts && mayRetry;
		RequestResult r = outcome.result();
		if (!retry && !r.last()) {
			r = asLast(r);
		} else if (retry && r.last()) {
			r = asNotLast(r);
		}
		if (!r.warmup() && r.attempt() == 1) {
			firstMeasuredStart.accumulateAndGet(r.startNanos(), Math::min);
		}
		stats.add(r, outcome.gaps());
		pending.add(r);
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
		finishWork(work, r);
	}

	private static RequestResult asLast(RequestResult r) {
		return new RequestResult(r.requestId(), r.index(), r.dataset(), r.promptId(), r.attempt(), true, r.warmup(),
				r.startNanos(), r.startEpochMicros(), r.ttftNanos(), r.e2eNanos(), r.itlCount(), r.itlMeanNanos(),
				r.itlMaxNanos(), r.tpotNanos(), r.outputTokens(), r.tokenSource(), r.inputTokens(), r.chars(),
				r.httpStatus(), r.error(), r.errorMessage());
	}

	private static RequestResult asNotLast(RequestResult r) {
		return new RequestResult(r.requestId(), r.index(), r.dataset(), r.promptId(), r.attempt(), false,
				r.warmup(), r.startNanos(), r.startEpochMicros(), r.ttftNanos(), r.e2eNanos(), r.itlCount(),
				r.itlMeanNanos(), r.itlMaxNanos(), r.tpotNanos(), r.outputTokens(), r.tokenSource(), r.inputTokens(),
				r.chars(), r.httpStatus(), r.error(), r.errorMessage());
	}

	/** A retry that will not happen because the run was stopped: its request ends as cancelled. */
	private void finishCancelled(Work work, int attempt) {
		RequestResult c = cancelledResult(work, attempt);
		stats.add(c, null);
		pending.add(c);
		finishWork(work, c);
	}

	private RequestResult cancelledResult(Work work, int attempt) {
		long now = System.nanoTime();
		return new RequestResult(idPrefix + "-" + work.index() + "-" + attempt, work.index(), work.name(),
				work.prompt().id(), attempt, true, work.warmup(), now, System.currentTimeMillis() * 1000, -1, 0, 0, -1,
				-1, -1, 0, TokenSource.ESTIMATED, -1, 0, 0, ErrorKind.CANCELLED, "the run was stopped");
	}

	private void finishWork(Work work, RequestResult last) {
		lastEnd.accumulateAndGet(last.startNanos() + Math.max(0, last.e2eNanos()), Math::max);
		if (permits != null) {
			permits.release();
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

	// ------------------------------------------------------------------------------------- publishing

	private void scheduleTick() {
		scheduler.schedule(() -> {
			if (!finished.get()) {
				publish();
				scheduleTick();
			}
		}, TICK_MILLIS, TimeUnit.MILLISECONDS);
	}

	private synchronized void publish() {
		flushResults();
		LiveSnapshot s = snapshot();
		safely(() -> listener.onSnapshot(s));
		bus.accept(RunTopics.PROGRESS, s);
	}

	private synchronized void flushResults() {
		while (!pending.isEmpty()) {
			List<RequestResult> batch = new ArrayList<>(Math.min(MAX_BATCH, pending.size()));
			RequestResult r;
			while (batch.size() < MAX_BATCH && (r = pending.poll()) != null) {
				batch.add(r);
			}
			List<RequestResult> immutable = List.copyOf(batch);
			safely(() -> listener.onResults(immutable));
			bus.accept(RunTopics.RESULTS, immutable);
		}
	}

	private static void safely(Runnable call) {
		try {
			call.run();
		} catch (RuntimeException e) {
			// a listener's failure must not stop the run
			System.getLogger(Run.class.getName()).log(System.Logger.Level.WARNING, "run listener failed", e);
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
		try {
			summary = summarize();
		} catch (RuntimeException e) {
			summary = null;
			completion.completeExceptionally(e);
		}
		synchronized (this) {
			flushResults();
		}
		if (summary != null) {
			RunSummary s = summary;
			safely(() -> listener.onFinished(s));
			bus.accept(summary.status() == RunStatus.ERROR ? RunTopics.FAILED : RunTopics.FINISHED, summary);
			completion.complete(summary);
		}
		onEnd.run();
	}

	private RunSummary summarize() {
		double seconds = measuredSeconds(lastEnd.get());
		var datasetStats = stats.datasets();
		double[] original = RunStatistics.originalAverages(datasetStats);
		Load load = config.load();
		String description;
		int concurrency;
		double targetRate = Double.NaN;
		double achieved = Double.NaN;
		if (load instanceof Load.OpenLoop open) {
			description = String.format("open loop, %s%.1f req/s, cap %d", open.poisson() ? "Poisson " : "",
					open.ratePerSecond(), open.maxConcurrency());
			concurrency = open.maxConcurrency();
			targetRate = open.ratePerSecond();
			if (arrivalCount > 1 && lastArrivalNanos > firstArrivalNanos) {
				achieved = (arrivalCount - 1) / ((lastArrivalNanos - firstArrivalNanos) / 1e9);
			}
		} else {
			concurrency = ((Load.ClosedLoop) load).concurrency();
			description = "closed loop, concurrency " + concurrency;
		}
		RunStatus status = internalError != null ? RunStatus.ERROR : cancelled ? RunStatus.CANCELLED : RunStatus.COMPLETED;
		return new RunSummary(runId, config.name(), config.target().model(), description, concurrency, status,
				internalError, startEpochMillis, System.currentTimeMillis(), seconds, stats.total(), stats.succeeded(),
				stats.failed(), stats.attempts(), stats.outputTokens(), stats.inputTokens(), stats.chars(),
				stats.estimatedTokenRequests(), seconds > 0 ? stats.succeeded() / seconds : 0,
				seconds > 0 ? stats.outputTokens() / seconds : 0, targetRate, achieved, stats.ttft(), stats.e2e(),
				stats.itl(), stats.tpot(), stats.errors(), datasetStats, original[0], original[1], original[2]);
	}
}
