package io.deepstress.core.services;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.deepstress.core.metrics.RunComparison;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.slo.SloResult;

/**
 * Records of runs, kept across restarts. An OSGi service (the records store). A run is recorded by passing
 * the listener from {@link #recorder(RunConfig)} to the engine: its results are synced every 10 results or
 * every second, its row upserted by run id, and its final statistics written at the end. A run found
 * {@link RunStatus#RUNNING} when the store opens is marked {@link RunStatus#INTERRUPTED}, keeping what was
 * synced.
 */
public interface RunStore {

	/** A listener that records the run it is passed to; compose it with others if needed. */
	default Recorder recorder(RunConfig config) {
		return recorder(config, RunOrigin.NONE);
	}

	/** A listener that records the run with where it came from (endpoint, configuration, batch). */
	Recorder recorder(RunConfig config, RunOrigin origin);

	/** Runs, newest first. {@code status} null for all; page from 0. */
	default List<RunSummary> list(RunStatus status, int page, int pageSize) {
		return list(RunQuery.all(pageSize).withStatus(status).page(page)).stream().map(RunRecord::summary).toList();
	}

	/** One page of the runs that match the query, in its order (without per-dataset rows). */
	List<RunRecord> list(RunQuery query);

	/** Number of runs that match the query's filters (its sort and page do not matter). */
	long count(RunQuery query);

	/** Number of stored runs. */
	long count();

	/** The run with this id with its origin. */
	Optional<RunRecord> record(String runId);

	/**
	 * These runs side by side, the first the baseline.
	 *
	 * @throws IllegalArgumentException when a run does not exist
	 */
	default RunComparison compare(List<String> runIds) {
		return RunComparison.of(runIds.stream()
				.map(id -> find(id).orElseThrow(() -> new IllegalArgumentException("no run " + id))).toList());
	}

	/** The run with this id. */
	Optional<RunSummary> find(String runId);

	/**
	 * The configuration a run was started with as the store keeps it (JSON without secrets: no API key, only the
	 * names of extra headers), or empty when the run is unknown or the store keeps none.
	 */
	default Optional<String> configurationJson(String runId) {
		return Optional.empty();
	}

	/** The stored attempts of a run, in completion order. */
	List<RequestResult> samples(String runId);

	/**
	 * At most about {@code maxPoints} of a run's attempts, evenly spread over the run (every k-th in
	 * completion order), for charts of long runs.
	 */
	List<RequestResult> samples(String runId, int maxPoints);

	/** The GPU samples taken during a run, oldest first. */
	List<io.deepstress.core.gpu.GpuSample> gpuSamples(String runId);

	/**
	 * The GPU samples stored for a time window, oldest first, at most {@code limit}.
	 *
	 * @param host a GPU host name, or null for all hosts
	 * @param from start of the window (inclusive)
	 * @param to   end of the window (exclusive)
	 */
	List<io.deepstress.core.gpu.GpuSample> gpuSamples(String host, Instant from, Instant to, int limit);

	/**
	 * The run as JSON: every stored figure, its datasets, request samples and GPU samples. Secrets are not
	 * in the store, so not in the export either.
	 */
	String exportJson(String runId);

	/** The run's request samples as CSV (a header line, then one line per attempt). */
	String exportCsv(String runId);

	/**
	 * Stores a run exported with {@link #exportJson}; exporting it again gives the same text.
	 *
	 * @return the run id
	 * @throws IllegalArgumentException when the text is not an export or the run already exists
	 */
	String importJson(String json);

	/** Deletes a run with its samples and dataset rows; returns whether it existed. */
	boolean delete(String runId);

	/** Where the database is, for messages. */
	String location();

	/**
	 * Why the store cannot record, e.g. the database is in use by another process or cannot be opened;
	 * empty when it works. Reading and recording then fail with this message; nothing is deleted.
	 */
	Optional<String> problem();

	/**
	 * A warning when a run's samples may not fit on the disk holding the records (checked before a long run at
	 * the expected sample rate); empty when they fit or the store cannot tell. Since 0.2.
	 */
	default Optional<String> spaceWarning(io.deepstress.core.run.RunConfig config) {
		return Optional.empty();
	}

	/**
	 * Keeps a run's timeline and server series with the run (after its final statistics are written).
	 *
	 * @throws IllegalArgumentException when the run does not exist
	 */
	default void saveTimeline(io.deepstress.core.timeline.RunTimeline timeline) {
		throw new UnsupportedOperationException("this store keeps no timelines");
	}

	/** The run's timeline and server series, when it has them (runs recorded before 0.2 do not). */
	default Optional<io.deepstress.core.timeline.RunTimeline> timeline(String runId) {
		return Optional.empty();
	}

	/**
	 * Keeps a run's latency histograms (compressed) with the run, after its final statistics are written. Since 0.3.
	 *
	 * @throws IllegalArgumentException when the run does not exist
	 */
	default void saveHistograms(String runId, io.deepstress.core.batch.RunHistograms histograms) {
		throw new UnsupportedOperationException("this store keeps no histograms");
	}

	/** The run's stored latency histograms (runs recorded before 0.3 have none). Since 0.3. */
	default Optional<io.deepstress.core.batch.RunHistograms> histograms(String runId) {
		return Optional.empty();
	}

	/**
	 * Keeps what a run recorded as an agent of a batch: its shard and clock offset. Since 0.3.
	 *
	 * @throws IllegalArgumentException when the run does not exist
	 */
	default void saveAgent(io.deepstress.core.batch.AgentRecord agent) {
		throw new UnsupportedOperationException("this store keeps no agent records");
	}

	/** The run's agent record, when it ran as a shard of a batch. Since 0.3. */
	default Optional<io.deepstress.core.batch.AgentRecord> agent(String runId) {
		return Optional.empty();
	}

	/** The recording listener of one run. */
	interface Recorder extends RunListener {

		/**
		 * Waits until everything received so far, including the final statistics if the run has ended, is
		 * written (at most {@code millis}); returns whether it is.
		 */
		boolean awaitWritten(long millis) throws InterruptedException;

		/** The last write failure, or null. */
		String lastError();

		/**
		 * How the run did against the SLO of its plan; given before {@link #onFinished} and saved with the run's
		 * final write. Recorders that keep no SLO ignore it.
		 */
		default void onSlo(SloResult result) {
		}

		/**
		 * What the live saturation test concluded; given before {@link #onFinished} and saved with the run's final
		 * write. Recorders that keep none ignore it. Since 0.3.
		 */
		default void onSaturation(io.deepstress.core.metrics.SaturationVerdict verdict) {
		}
	}

	/**
	 * The saturation verdict saved with a run (runs recorded before 0.3, and stores that keep none: empty; a report
	 * then replays the test on the samples). Since 0.3.
	 */
	default Optional<io.deepstress.core.metrics.SaturationVerdict> saturation(String runId) {
		return Optional.empty();
	}

	/** The SLO result saved with a run, if it was judged by one (stores that keep none: empty). */
	default Optional<SloResult> slo(String runId) {
		return Optional.empty();
	}

	/** The SLO results saved with these runs, by run id (runs judged by none left out); one query where it can. */
	default java.util.Map<String, SloResult> slo(java.util.Collection<String> runIds) {
		java.util.Map<String, SloResult> out = new java.util.HashMap<>();
		for (String id : runIds) {
			slo(id).ifPresent(r -> out.put(id, r));
		}
		return out;
	}
}
