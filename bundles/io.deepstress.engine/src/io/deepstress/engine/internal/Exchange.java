package io.deepstress.engine.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.TokenSource;

/**
 * One attempt of one request: listens to Jetty's response events, parses the stream as it arrives and
 * measures TTFT, inter-token gaps and E2E with {@code System.nanoTime}. Jetty delivers the events of one
 * response one after another; only the first-token watchdog and cancel run on other threads, and they only
 * read volatile state and abort the request.
 */
final class Exchange implements Response.Listener, SseParser.Handler {

	/** What the attempt yields: its record, its inter-token gaps, and whether to try again. */
	record Outcome(RequestResult result, long[] gaps, boolean retryable, Duration retryAfter, boolean usageRejected) {
	}

	private static final int ERROR_BODY_KEEP = 64 * 1024;
	private static final Pattern TITLE = Pattern.compile("<title>([^<]{1,200})</title>", Pattern.CASE_INSENSITIVE);

	final Work work;
	final int attempt;
	final boolean includeUsage;
	final String requestId;
	private final boolean stream;
	private final boolean chat;
	private final long maxBodyBytes;
	private final long askedTokens;

	Request request;
	volatile long sendNanos;
	/** The open loop's due time of this (first) attempt, or -1. */
	long scheduledNanos = -1;
	/** The attempt's HTTP phases, or null when not timed. */
	HttpTimer timer;
	volatile long startNanos = -1;
	long startEpochMicros;
	private volatile long firstContentNanos = -1;
	private long lastContentNanos = -1;
	private long[] gaps = new long[32];
	private int gapCount;
	private long contentChunks;
	private long chars;
	private long usagePrompt = -1;
	private long usageCompletion = -1;
	private volatile int status;
	private volatile boolean headersSeen;
	private boolean eventStream;
	private boolean done;
	private String finishReason;
	private String retryAfterHeader;
	private String locationHeader;
	private AttemptFailure failure;
	private final SseParser parser;
	private ChunkScanner scanner;
	/** Events read by the scanner and by the full parser (see {@link ChunkCounts}). */
	long scannedEvents;
	long parsedEvents;
	private byte[] body = new byte[0];
	private int bodyLength;
	private long received;
	private Scheduler.Task watchdog;
	private Response response;
	private Content.Source source;
	private final Runnable readMore = Invocable.from(Invocable.InvocationType.NON_BLOCKING, this::readContent);
	private final java.util.function.BiConsumer<Exchange, Result> onDone;
	/** The generated answer (content, not reasoning), kept only when a later turn of its conversation needs it. */
	private final StringBuilder answer;

	Exchange(Work work, int attempt, boolean includeUsage, String requestId, boolean stream, boolean chat,
			long maxBodyBytes, long askedTokens, java.util.function.BiConsumer<Exchange, Result> onDone) {
		this.onDone = onDone;
		this.askedTokens = askedTokens;
		this.work = work;
		this.attempt = attempt;
		this.includeUsage = includeUsage;
		this.requestId = requestId;
		this.stream = stream;
		this.chat = chat;
		this.maxBodyBytes = maxBodyBytes;
		// a streamed answer has no size limit; one event of it is held whole, so an event may be as large as a
		// non-streamed body
		this.parser = new SseParser(this, (int) Math.min(maxBodyBytes, Integer.MAX_VALUE - 64));
		this.answer = work.hasNextTurn() ? new StringBuilder() : null;
	}

	/** The answer generated, for the next turn of its conversation; null when none is kept. */
	String answer() {
		return answer == null ? null : answer.toString();
	}

	private void keep(JsonNode text) {
		if (answer != null && text != null && text.isTextual()) {
			answer.append(text.textValue());
		}
	}

	void watchdog(Scheduler.Task task) {
		this.watchdog = task;
	}

	/** Called by the watchdog at the first-token deadline. */
	void checkFirstToken(Duration limit) {
		if (firstContentNanos < 0 && request != null) {
			request.abort(new AttemptFailure(ErrorKind.TIMEOUT_FIRST_TOKEN,
					"no generated content within " + limit.toMillis() + " ms"));
		}
	}

	void abort(AttemptFailure why) {
		if (request != null) {
			request.abort(why);
		}
	}

	@Override
	public void onHeaders(Response response) {
		headersSeen = true;
		status = response.getStatus();
		String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
		eventStream = type != null && type.toLowerCase().contains("text/event-stream");
		retryAfterHeader = response.getHeaders().get(HttpHeader.RETRY_AFTER);
		locationHeader = response.getHeaders().get(HttpHeader.LOCATION);
	}

	/**
	 * Reads all the content that is available in one go and asks for more only when there is none (Jetty's
	 * default adapter demands again after every chunk, which costs a dispatch per streamed token).
	 */
	@Override
	public void onContentSource(Response response, Content.Source source) {
		this.response = response;
		this.source = source;
		readContent();
	}

	/**
	 * The read loop. Its demand callback is declared non-blocking (it only parses and records), so Jetty runs
	 * it on the selector thread that saw the bytes arrive instead of handing every chunk to another thread.
	 */
	private void readContent() {
		Content.Source source = this.source;
		while (true) {
			Content.Chunk chunk = source.read();
			if (chunk == null) {
				source.demand(readMore);
				return;
			}
			if (Content.Chunk.isFailure(chunk)) {
				Throwable cause = chunk.getFailure();
				if (!chunk.isLast()) {
					chunk.release();
					continue; // a transient failure: keep reading
				}
				response.abort(cause);
				return;
			}
			ByteBuffer buffer = chunk.getByteBuffer();
			if (buffer.hasRemaining()) {
				onContent(response, buffer);
			}
			boolean last = chunk.isLast();
			chunk.release();
			if (last || failure != null) {
				return;
			}
		}
	}

	@Override
	public void onContent(Response response, ByteBuffer content) {
		if (timer != null) {
			timer.content();
		}
		if (failure != null) {
			return;
		}
		received += content.remaining();
		boolean streamed = status / 100 == 2 && stream && eventStream;
		if (!streamed && received > maxBodyBytes) {
			// a body that is not an event stream is held in memory until it ends
			fail(ErrorKind.PROTOCOL, "the response body is larger than the " + sizeLabel(maxBodyBytes)
					+ " cap for a non-streamed answer (raise it with --max-body-mib)");
			return;
		}
		if (streamed) {
			try {
				parser.feed(content);
			} catch (IllegalStateException e) {
				fail(ErrorKind.PROTOCOL, e.getMessage());
			}
			return;
		}
		int keep = status / 100 == 2 ? content.remaining() : Math.min(content.remaining(), ERROR_BODY_KEEP - bodyLength);
		if (keep > 0) {
			if (bodyLength + keep > body.length) {
				body = Arrays.copyOf(body, Math.max(bodyLength + keep, Math.max(1024, body.length * 2)));
			}
			content.get(body, bodyLength, keep);
			bodyLength += keep;
		}
		content.position(content.limit());
	}

	private static String sizeLabel(long bytes) {
		return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
	}

	private void fail(ErrorKind kind, String message) {
		if (failure == null) {
			failure = new AttemptFailure(kind, message);
			request.abort(failure);
		}
	}

	/** The usual path: a one-line event read by the {@link ChunkScanner}, without building JSON objects. */
	@Override
	public void onData(byte[] bytes, int offset, int length) {
		if (done || failure != null) {
			return;
		}
		if (answer != null) {
			// a conversation turn whose answer the next turn needs: the scanner counts text but does not keep it
			onData(new String(bytes, offset, length, StandardCharsets.UTF_8));
			return;
		}
		ChunkScanner scan = scanner;
		if (scan == null) {
			scan = scanner = new ChunkScanner(chat);
		}
		if (!scan.scan(bytes, offset, length)) {
			// something the scanner does not take on (an error object, malformed JSON, unusual encodings):
			// the full parser reads it and words any error
			onData(new String(bytes, offset, length, StandardCharsets.UTF_8));
			return;
		}
		scannedEvents++;
		if (scan.done) {
			done = true;
			return;
		}
		if (scan.usage) {
			if (scan.promptTokens >= 0) {
				usagePrompt = scan.promptTokens;
			}
			if (scan.completionTokens >= 0) {
				usageCompletion = scan.completionTokens;
			}
		}
		if (!scan.choice) {
			return;
		}
		if (scan.finishReason != null) {
			finishReason = scan.finishReason;
		}
		generated(scan.codePoints);
	}

	@Override
	public void onData(String data) {
		if (done || failure != null) {
			return;
		}
		parsedEvents++;
		if ("[DONE]".equals(data.strip())) {
			done = true;
			return;
		}
		JsonNode chunk;
		try {
			chunk = EngineJson.parse(data);
		} catch (IllegalArgumentException e) {
			fail(ErrorKind.PROTOCOL, "malformed JSON in the event stream (" + e.getMessage() + "): " + snippet(data));
			return;
		}
		JsonNode error = chunk.get("error");
		if (error != null && !error.isNull()) {
			fail(ErrorKind.PROTOCOL, "the server sent an error in the stream: " + errorMessage(error));
			return;
		}
		readUsage(chunk.get("usage"));
		JsonNode choice = chunk.path("choices").get(0);
		if (choice == null || choice.isNull()) {
			return;
		}
		String reason = EngineJson.text(choice.get("finish_reason"));
		if (reason != null) {
			finishReason = reason;
		}
		long cps;
		if (chat) {
			JsonNode delta = choice.path("delta");
			keep(delta.get("content"));
			cps = EngineJson.codePoints(delta.get("content")) + EngineJson.codePoints(delta.get("reasoning_content"))
					+ EngineJson.codePoints(delta.get("reasoning"));
		} else {
			keep(choice.get("text"));
			cps = EngineJson.codePoints(choice.get("text"));
		}
		generated(cps);
	}

	/** A chunk of a choice with {@code cps} code points of generated text (none: no token, no timestamp). */
	private void generated(long cps) {
		if (cps > 0) {
			long now = System.nanoTime();
			if (firstContentNanos < 0) {
				firstContentNanos = now;
				if (watchdog != null) {
					watchdog.cancel();
				}
			} else {
				if (gapCount == gaps.length) {
					gaps = Arrays.copyOf(gaps, gapCount * 2);
				}
				gaps[gapCount++] = now - lastContentNanos;
			}
			lastContentNanos = now;
			contentChunks++;
			chars += cps;
		}
	}

	private void readUsage(JsonNode usage) {
		if (usage != null && usage.isObject()) {
			long prompt = EngineJson.integer(usage.get("prompt_tokens"));
			long completion = EngineJson.integer(usage.get("completion_tokens"));
			if (prompt >= 0) {
				usagePrompt = prompt;
			}
			if (completion >= 0) {
				usageCompletion = completion;
			}
		}
	}

	@Override
	public void onComplete(Result result) {
		if (watchdog != null) {
			watchdog.cancel();
		}
		onDone.accept(this, result);
	}

	/** Builds the attempt's outcome once Jetty reported completion. */
	Outcome outcome(Result result, long endNanos, boolean cancelled) {
		long start = startNanos >= 0 ? startNanos : sendNanos;
		long e2e = endNanos - start;
		ErrorKind kind = null;
		String message = null;
		boolean usageRejected = false;
		if (result.isFailed()) {
			Throwable why = failure != null ? failure : result.getFailure();
			Failures.Classified c = Failures.classify(why, headersSeen,
					"https".equalsIgnoreCase(result.getRequest().getURI().getScheme()));
			kind = cancelled && !(why instanceof AttemptFailure a && a.kind != ErrorKind.CANCELLED) ? ErrorKind.CANCELLED
					: c.kind();
			message = kind == ErrorKind.CANCELLED ? "the run was stopped" : c.message();
		} else if (status / 100 != 2) {
			kind = status / 100 == 4 ? ErrorKind.HTTP_4XX : status / 100 == 3 ? ErrorKind.HTTP_3XX : ErrorKind.HTTP_5XX;
			String text = new String(body, 0, bodyLength, StandardCharsets.UTF_8);
			message = "HTTP " + status + ": " + (kind == ErrorKind.HTTP_3XX ? redirect(text) : describeErrorBody(text));
			usageRejected = status == 400 && includeUsage && text.contains("stream_options");
		} else if (stream && eventStream) {
			parser.end();
			if (failure != null) {
				kind = failure.kind;
				message = failure.getMessage();
			} else if (!done && finishReason == null) {
				kind = ErrorKind.PROTOCOL;
				message = "the event stream ended without a finish reason or [DONE]";
			}
		} else {
			String text = new String(body, 0, bodyLength, StandardCharsets.UTF_8);
			String problem = readCompleteBody(text);
			if (problem != null) {
				kind = ErrorKind.PROTOCOL;
				message = problem;
			} else if (stream) {
				// succeeded, with a note: no stream means no TTFT or ITL for this request
				message = "the server ignored \"stream\": true and answered with one JSON body (no TTFT or ITL)";
			}
		}

		boolean succeeded = kind == null;
		long outputTokens = 0;
		TokenSource source = TokenSource.ESTIMATED;
		// a streamed request that failed after content arrived (a timeout, a cut connection, a broken chunk, the
		// run stopped) keeps what it had measured: its TTFT, the tokens and gaps so far (or the usage if it came)
		boolean partial = !succeeded && stream && eventStream && contentChunks > 0;
		if (partial) {
			outputTokens = usageCompletion >= 0 ? usageCompletion : contentChunks;
			source = usageCompletion >= 0 ? TokenSource.USAGE : TokenSource.ESTIMATED;
		}
		if (succeeded) {
			if (usageCompletion >= 0) {
				outputTokens = usageCompletion;
				source = TokenSource.USAGE;
			} else if (stream && eventStream) {
				outputTokens = contentChunks;
			} else {
				outputTokens = (chars + 3) / 4;
			}
		}
		long ttft = (succeeded || partial) && firstContentNanos >= 0 ? firstContentNanos - start : -1;
		long tpot = succeeded && ttft >= 0 && outputTokens >= 2 ? (e2e - ttft) / (outputTokens - 1) : -1;
		long itlMean = -1, itlMax = -1;
		if ((succeeded || partial) && gapCount > 0) {
			long sum = 0, max = 0;
			for (int i = 0; i < gapCount; i++) {
				sum += gaps[i];
				max = Math.max(max, gaps[i]);
			}
			itlMean = sum / gapCount;
			itlMax = max;
		}
		boolean retryable = !succeeded && !cancelled && (usageRejected || kind == ErrorKind.CONNECT
				|| kind == ErrorKind.TIMEOUT_CONNECT || status == 429 || status / 100 == 5);
		RequestResult r = new RequestResult(requestId, work.index(), work.name(), work.prompt().id(), attempt,
				true, work.warmup(), start, startEpochMicros, ttft, e2e,
				succeeded || partial ? gapCount : 0, itlMean, itlMax, tpot, outputTokens, source,
				succeeded || partial ? usagePrompt : -1, succeeded || partial ? chars : 0, status, kind, message,
				work.prompt().inputTokens(), askedTokens, work.turn(), work.conversationId(), scheduledNanos,
				timer == null ? null : timer.timing());
		return new Outcome(r, succeeded ? Arrays.copyOf(gaps, gapCount) : null, retryable, retryAfter(), usageRejected);
	}

	/** Parses a complete (non-streamed) response body; returns a problem, or null when it was understood. */
	private String readCompleteBody(String text) {
		JsonNode json;
		try {
			json = EngineJson.parse(text);
		} catch (IllegalArgumentException e) {
			return "the response is not JSON (" + e.getMessage() + "): " + snippet(text);
		}
		JsonNode error = json.get("error");
		if (error != null && !error.isNull()) {
			return "the server answered with an error: " + errorMessage(error);
		}
		JsonNode choice = json.path("choices").get(0);
		if (choice == null || choice.isNull()) {
			return "the response has no choices: " + snippet(text);
		}
		readUsage(json.get("usage"));
		if (chat) {
			JsonNode message = choice.path("message");
			keep(message.get("content"));
			chars = EngineJson.codePoints(message.get("content")) + EngineJson.codePoints(message.get("reasoning_content"))
					+ EngineJson.codePoints(message.get("reasoning"));
		} else {
			keep(choice.get("text"));
			chars = EngineJson.codePoints(choice.get("text"));
		}
		return null;
	}

	private static String errorMessage(JsonNode error) {
		String m = EngineJson.text(error.get("message"));
		if (m == null) {
			m = error.isTextual() ? error.textValue() : EngineJson.write(error);
		}
		return snippet(m);
	}

	/** A redirect's description: where it points (DeepStress follows none: the URL should name the endpoint). */
	private String redirect(String text) {
		String location = locationHeader;
		return "a redirect" + (location == null || location.isBlank() ? "" : " to " + snippet(location))
				+ ", not followed (give the endpoint's own URL)" + (text.isBlank() ? "" : ": " + describeErrorBody(text));
	}

	private static String describeErrorBody(String text) {
		if (text.isBlank()) {
			return "(empty body)";
		}
		try {
			JsonNode body = EngineJson.parse(text);
			JsonNode error = body.get("error");
			if (error != null && !error.isNull()) {
				return errorMessage(error);
			}
			JsonNode detail = body.get("detail");
			if (detail != null && !detail.isNull()) {
				return snippet(detail.isTextual() ? detail.textValue() : EngineJson.write(detail));
			}
		} catch (IllegalArgumentException e) {
			Matcher title = TITLE.matcher(text);
			if (title.find()) {
				return "an HTML page: " + title.group(1).strip();
			}
		}
		return snippet(text);
	}

	private static String snippet(String s) {
		String oneLine = s.replaceAll("\\s+", " ").strip();
		return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
	}

	private Duration retryAfter() {
		String value = retryAfterHeader;
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofMillis((long) (Double.parseDouble(value.strip()) * 1000));
		} catch (NumberFormatException e) {
			try {
				ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
				return d.isNegative() ? Duration.ZERO : d;
			} catch (RuntimeException notADate) {
				return null;
			}
		}
	}
}
