package io.deepstress.simulator.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.SimulatorSettings;
import io.deepstress.simulator.TokenSettings;

/**
 * The running simulator: a Jetty server with one handler, one small {@link Pacer} that times every chunk of every
 * answer, the seeded random source and the ground-truth records. {@link io.deepstress.simulator.Simulator} is
 * its public face.
 */
public final class SimulatorServer implements AutoCloseable {

	/** Idle timeout of a connection; also how long a stalled answer lingers when the client never leaves. */
	static final long IDLE_TIMEOUT_MS = 180_000;
	static final int ACCEPT_QUEUE = 4096;
	static final int MAX_THREADS = 64;
	/** Pacer threads (each answer is paced by one of them); they also do the writes. */
	static final int PACER_LANES = Integer.getInteger("deepstress.sim.pacers", 2);

	private final SimulatorSettings settings;
	private final TokenSettings tokens;
	private final Server server;
	private final ServerConnector connector;
	private final Pacer pacer;
	/** The quoted UTF-8 text of every full chunk, by its first token modulo {@link Tokens#PERIOD}. */
	private final byte[][] chunkTexts = new byte[Tokens.PERIOD][];
	private static final int MAX_CACHED_CHUNK_TOKENS = 256;
	private final RecordLog records;
	private final Random random;
	private final AtomicLong ids = new AtomicLong();
	private final long startedEpochSeconds = System.currentTimeMillis() / 1000;

	/** The capacity model's slots, or null without one. */
	private final Admission admission;

	private SimulatorServer(SimulatorSettings settings, TokenSettings tokens,
			io.deepstress.simulator.CapacityModel capacity) {
		this.settings = settings;
		this.tokens = tokens;
		this.admission = capacity != null && capacity.active() ? new Admission(capacity) : null;
		this.records = new RecordLog(settings.maxRecords());
		this.random = new Random(settings.seed());
		int perChunk = settings.tokensPerChunk();
		for (int i = 0; i < Tokens.PERIOD && perChunk <= MAX_CACHED_CHUNK_TOKENS; i++) {
			chunkTexts[i] = Tokens.quotedUtf8(i, i + perChunk);
		}
		this.pacer = new Pacer("deepstress-sim-pacer", PACER_LANES);

		QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
		threads.setName("deepstress-sim");
		threads.setDaemon(true);
		server = new Server(threads);
		server.addBean(new ScheduledExecutorScheduler("deepstress-sim-jetty-scheduler", true));
		server.setStopTimeout(0);
		HttpConfiguration http = new HttpConfiguration();
		http.setSendServerVersion(false);
		connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
		connector.setHost(settings.host());
		connector.setPort(settings.port());
		connector.setIdleTimeout(IDLE_TIMEOUT_MS);
		connector.setAcceptQueueSize(ACCEPT_QUEUE);
		server.addConnector(connector);
		server.setHandler(new OpenAiHandler(this));
	}

	/** Starts a simulator; fails with {@link UncheckedIOException} when the port cannot be bound. */
	public static SimulatorServer start(SimulatorSettings settings) {
		return start(settings, TokenSettings.WORDS, null);
	}

	/** Starts a simulator that counts prompt tokens as {@code tokens} says, with a capacity model (null: none). */
	public static SimulatorServer start(SimulatorSettings settings, TokenSettings tokens,
			io.deepstress.simulator.CapacityModel capacity) {
		SimulatorServer sim = new SimulatorServer(settings, tokens, capacity);
		try {
			sim.server.start();
			return sim;
		} catch (Exception e) {
			sim.close();
			if (e instanceof IOException io) {
				throw new UncheckedIOException("The simulator could not listen on " + settings.host() + ":"
						+ settings.port() + ": " + io.getMessage(), io);
			}
			throw new IllegalStateException("The simulator did not start: " + e, e);
		}
	}

	public SimulatorSettings settings() {
		return settings;
	}

	public int port() {
		return connector.getLocalPort();
	}

	public List<ServerRecord> records() {
		return records.snapshot();
	}

	public Optional<ServerRecord> record(String requestId) {
		return records.find(requestId);
	}

	public void clearRecords() {
		records.clear();
	}

	@Override
	public void close() {
		try {
			server.stop();
		} catch (Exception e) {
			// stopping is best effort; the threads are daemons
		} finally {
			pacer.close();
		}
	}

	// ------------------------------------------------------------------------------------------ for the handler

	Pacer pacer() {
		return pacer;
	}

	private final java.util.concurrent.atomic.AtomicInteger openExchanges = new java.util.concurrent.atomic.AtomicInteger();
	private final java.util.concurrent.atomic.AtomicLong endedExchanges = new java.util.concurrent.atomic.AtomicLong();

	/** A completion request arrived (its exchange is open until its record ends). */
	void exchangeOpened() {
		openExchanges.incrementAndGet();
	}

	void exchangeEnded() {
		openExchanges.decrementAndGet();
		endedExchanges.incrementAndGet();
	}

	/** Completion exchanges open now. */
	int openExchanges() {
		return openExchanges.get();
	}

	/** Completion exchanges ended since the start. */
	long endedExchanges() {
		return endedExchanges.get();
	}

	/** The capacity model's slots, or null without one. */
	Admission admission() {
		return admission;
	}

	/** What the capacity model's queue holds now (all zero without one). */
	public io.deepstress.simulator.CapacityModel.State capacityState() {
		return admission == null ? new io.deepstress.simulator.CapacityModel.State(0, 0, 0, 0, 0) : admission.state();
	}

	/** {@link Tokens#quotedUtf8}{@code (from, to)}, shared (not to be modified) for full chunks. */
	byte[] chunkText(int from, int to) {
		byte[] cached = to - from == settings.tokensPerChunk() ? chunkTexts[from % Tokens.PERIOD] : null;
		return cached != null ? cached : Tokens.quotedUtf8(from, to);
	}

	RecordLog log() {
		return records;
	}

	long startedEpochSeconds() {
		return startedEpochSeconds;
	}

	long nextId() {
		return ids.incrementAndGet();
	}

	/** The fault for a request that just arrived, drawn from the seeded source. */
	Fault drawFault() {
		double u;
		synchronized (random) {
			u = random.nextDouble();
		}
		double[] rates = { settings.rate429(), settings.rate500(), settings.abortRate(), settings.malformedRate(),
				settings.stallRate() };
		Fault[] faults = { Fault.RATE_LIMIT, Fault.SERVER_ERROR, Fault.ABORT, Fault.MALFORMED, Fault.STALL };
		double bound = 0;
		for (int i = 0; i < rates.length; i++) {
			bound += rates[i];
			if (rates[i] > 0 && u < bound) {
				return faults[i];
			}
		}
		return Fault.NONE;
	}

	/** The natural output length of a request that just arrived (before any {@code max_tokens} cap). */
	int drawOutputTokens() {
		if (!settings.hasOutputRange()) {
			return settings.defaultOutputTokens();
		}
		int span = settings.maxOutputTokens() - settings.minOutputTokens() + 1;
		synchronized (random) {
			return settings.minOutputTokens() + random.nextInt(span);
		}
	}

	/** How prompt tokens are counted. */
	TokenSettings tokens() {
		return tokens;
	}
}
