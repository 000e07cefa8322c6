package io.deepstress.store.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.deepstress.core.events.RecordTopics;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;
import jakarta.persistence.EntityManager;

/**
 * Records one run as the original tool did: the row is upserted by run id and the new results written
 * every 10 results or every second, whichever comes first, in one transaction; the final statistics and
 * status are written at the end. A failed write never stops the run: its results stay in a bounded buffer
 * and are written with the next batch; the failure is logged and posted on {@link RecordTopics#FAILED}.
 * The second of the cadence is read from a monotonic clock given at construction ({@link System#nanoTime()}
 * in the product), so that tests move time instead of sleeping through it.
 */
final class RunRecorder implements RunStore.Recorder {

	static final int SYNC_RESULTS = 10;
	static final long SYNC_NANOS = 1_000_000_000L;
	static final int MAX_BUFFERED = 200_000;
	private static final System.Logger LOG = System.getLogger(RunRecorder.class.getName());

	private final DerbyRunStore store;
	private final String configJson;
	private final String endpointUrl;
	private final RunOrigin origin;
	private final LongSupplier nanoClock;
	private final ArrayDeque<RequestResult> pending = new ArrayDeque<>();
	private String runId;
	private String name;
	private long startMillis;
	private long lastSync;
	private long seq;
	private long total, succeeded, failed, attempts, tokens, inputTokens, chars, estimated;
	private RunSummary finalSummary;
	private boolean finalWritten;
	private int inFlightWrites;
	private long dropped;
	private String lastError;
	/** The last write failed for a full disk: retry once a second (the buffer waits), not per batch. */
	private boolean diskFull;

	RunRecorder(DerbyRunStore store, RunConfig config, RunOrigin origin) {
		this(store, config, origin, System::nanoTime);
	}

	/** A recorder whose sync cadence follows {@code nanoClock} (monotonic nanoseconds, like {@link System#nanoTime()}). */
	RunRecorder(DerbyRunStore store, RunConfig config, RunOrigin origin, LongSupplier nanoClock) {
		this.store = store;
		this.nanoClock = nanoClock;
		this.lastSync = nanoClock.getAsLong();
		this.origin = origin == null ? RunOrigin.NONE : origin;
		this.configJson = Mapping.configJson(config);
		this.endpointUrl = config.target().baseUrl();
		this.name = config.name();
	}

	@Override
	public synchronized void onSnapshot(LiveSnapshot snapshot) {
		if (runId == null) {
			runId = snapshot.runId();
			startMillis = System.currentTimeMillis() - (long) (snapshot.elapsedSeconds() * 1000);
			sync(true);
		} else if (!pending.isEmpty() && nanoClock.getAsLong() - lastSync >= SYNC_NANOS && !retrying()) {
			sync(false);
		}
	}

	@Override
	public synchronized void onResults(List<RequestResult> batch) {
		for (RequestResult r : batch) {
			attempts++;
			if (r.last() && !r.warmup()) {
				total++;
				if (r.succeeded()) {
					succeeded++;
					tokens += r.outputTokens();
					chars += r.chars();
					if (r.inputTokens() > 0) {
						inputTokens += r.inputTokens();
					}
					if (r.tokenSource() == io.deepstress.core.run.TokenSource.ESTIMATED) {
						estimated++;
					}
				} else {
					failed++;
				}
			}
			if (pending.size() >= MAX_BUFFERED) {
				pending.pollFirst();
				dropped++;
			}
			pending.addLast(r);
		}
		long sinceSync = nanoClock.getAsLong() - lastSync;
		if (runId != null && !retrying() && (sinceSync >= SYNC_NANOS || !diskFull && pending.size() >= SYNC_RESULTS)) {
			sync(false);
		}
	}

	@Override
	public synchronized void onSlo(io.deepstress.core.slo.SloResult result) {
		sloJson = result == null ? null : SloJson.write(result);
	}

	/** The SLO result to save with the final write, or null. */
	private String sloJson;

	@Override
	public synchronized void onSaturation(io.deepstress.core.metrics.SaturationVerdict verdict) {
		saturationJson = verdict == null ? null : SaturationJson.write(verdict);
	}

	/** The saturation verdict to save with the final write, or null. */
	private String saturationJson;

	@Override
	public synchronized void onFinished(RunSummary summary) {
		if (runId == null) {
			runId = summary.runId();
		}
		finalSummary = summary;
		sync(false);
	}

	/**
	 * Whether the last write failed and a retry is still under way: then the results wait for it instead of queueing
	 * more writes behind it (a server that is down can take seconds to refuse each one).
	 */
	private boolean retrying() {
		return lastError != null && inFlightWrites > 0;
	}

	/** Hands the pending results (and the final summary, once known) to the writer thread. */
	private void sync(boolean always) {
		if (runId == null || (!always && pending.isEmpty() && finalSummary == null)) {
			return;
		}
		lastSync = nanoClock.getAsLong();
		List<RequestResult> batch = new ArrayList<>(pending);
		pending.clear();
		long firstSeq = seq;
		seq += batch.size();
		RunSummary summary = finalSummary;
		long[] totals = { total, succeeded, failed, attempts, tokens, inputTokens, chars, estimated };
		String id = runId;
		String slo = summary == null ? null : sloJson;
		String saturation = summary == null ? null : saturationJson;
		store.database().lease().track(id);
		inFlightWrites++;
		store.write(em -> write(em, id, batch, firstSeq, totals, summary, slo, saturation), () -> written(summary), e -> {
			synchronized (this) {
				inFlightWrites--;
				// keep the results: they go with the next batch (bounded)
				for (int i = batch.size() - 1; i >= 0; i--) {
					if (pending.size() < MAX_BUFFERED) {
						pending.addFirst(batch.get(i));
					} else {
						dropped++;
					}
				}
				seq -= batch.size();
				lastError = e.getMessage() == null ? e.toString() : e.getMessage();
				diskFull = waits(e);
				notifyAll();
			}
			if (!waits(e)) { // those the database says itself, rate-limited
				LOG.log(System.Logger.Level.WARNING, "writing run " + id + " to the records store failed", e);
				store.post(RecordTopics.FAILED, "run " + id + ": " + e);
			}
		});
	}

	/**
	 * Whether a failed write waits for the database to come back (a full disk, the serving process gone) and is tried
	 * again once a second, rather than being an error of its own.
	 */
	private static boolean waits(Exception e) {
		return e instanceof DiskSpace.FullException || e instanceof Database.UnavailableException;
	}

	private synchronized void written(RunSummary summary) {
		if (summary != null) {
			store.database().lease().untrack(runId);
		}
		inFlightWrites--;
		lastError = null;
		diskFull = false;
		if (summary != null) {
			finalWritten = true;
		}
		notifyAll();
		store.post(RecordTopics.CHANGED, runId);
	}

	private void write(EntityManager em, String id, List<RequestResult> batch, long firstSeq, long[] totals,
			RunSummary summary, String slo, String saturation) {
		RunEntity run = em.find(RunEntity.class, id);
		if (run == null) {
			run = new RunEntity();
			run.runId = id;
			run.name = name;
			run.endpointUrl = endpointUrl;
			run.endpointName = origin.endpointName();
			run.configName = origin.configurationName();
			run.batchId = origin.batchId();
			run.configJson = configJson;
			run.appVersion = store.appVersion();
			run.startMillis = startMillis;
			run.status = RunStatus.RUNNING.name();
			em.persist(run);
		}
		run.leaseOwner = summary == null ? store.database().lease().owner() : null; // an ended run needs no lease
		run.leaseUntil = summary == null ? store.database().lease().until() : null;
		if (summary == null && RunStatus.INTERRUPTED.name().equals(run.status)) {
			run.status = RunStatus.RUNNING.name(); // marked while this process could not renew its lease: it is back
		}
		if (summary != null) {
			Mapping.summaryInto(summary, run);
			if (slo != null) {
				run.sloJson = slo;
			}
			if (saturation != null) {
				run.saturationJson = saturation;
			}
			em.createQuery("DELETE FROM DatasetStatsEntity d WHERE d.runId = :id").setParameter("id", id).executeUpdate();
			for (int i = 0; i < summary.datasets().size(); i++) {
				em.persist(Mapping.dataset(id, i, summary.datasets().get(i)));
			}
		} else {
			run.totalTasks = totals[0];
			run.successfulTasks = totals[1];
			run.failedTasks = totals[2];
			run.attempts = totals[3];
			run.totalTokens = totals[4];
			run.inputTokens = totals[5];
			run.totalChars = totals[6];
			run.estimatedTokens = totals[7];
		}
		run.updatedMillis = System.currentTimeMillis();
		SampleWriter.insert(em, id, firstSeq, batch);
	}

	@Override
	public synchronized boolean awaitWritten(long millis) throws InterruptedException {
		long deadline = System.currentTimeMillis() + millis;
		while (inFlightWrites > 0 || (finalSummary != null && !finalWritten && pending.isEmpty() && lastError == null)
				|| !pending.isEmpty() && lastError == null || diskFull && unwritten()) {
			long left = deadline - System.currentTimeMillis();
			if (left <= 0) {
				return false;
			}
			if (inFlightWrites == 0 && diskFull) {
				wait(Math.min(left, 500)); // the disk is full: try again twice a second until space returns
				if (inFlightWrites == 0 && unwritten()) {
					sync(false);
				}
				continue;
			}
			if (!pending.isEmpty() && inFlightWrites == 0) {
				sync(false);
			}
			wait(left);
		}
		if (dropped > 0 && lastError == null) {
			lastError = dropped + " results were dropped while they could not be written (the buffer holds "
					+ MAX_BUFFERED + "); the run's figures are complete, its samples are not";
		}
		return pending.isEmpty() && (finalSummary == null || finalWritten) && dropped == 0;
	}

	/** Whether results or the final figures still wait to be written. */
	private boolean unwritten() {
		return !pending.isEmpty() || finalSummary != null && !finalWritten;
	}

	/** Results received and not yet handed to the writer thread (for tests). */
	synchronized int pendingResults() {
		return pending.size();
	}

	synchronized long dropped() {
		return dropped;
	}

	@Override
	public synchronized String lastError() {
		return lastError;
	}
}
