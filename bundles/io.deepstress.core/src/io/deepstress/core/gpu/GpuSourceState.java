package io.deepstress.core.gpu;

/**
 * The state of one GPU source (a host read one way).
 *
 * @param hostId         the {@link GpuHost#id()}
 * @param hostName       its display name
 * @param status         current status
 * @param message        why it is not OK (reason, error), or null
 * @param sinceEpochMillis when it entered this status
 * @param samples        samples delivered so far
 * @param skipped        lines or readings that could not be understood and were skipped
 */
public record GpuSourceState(String hostId, String hostName, Status status, String message, long sinceEpochMillis,
		long samples, long skipped) {

	/** Status of a source. */
	public enum Status {
		/** Starting or connecting for the first time. */
		STARTING,
		/** Delivering samples. */
		OK,
		/** Cannot work here (no library, no driver, no nvidia-smi); not retried. */
		UNAVAILABLE,
		/** Lost its connection or process; retrying with backoff. */
		RECONNECTING,
		/** Gave up, e.g. authentication refused or host key changed; needs the user. */
		FAILED,
		/** Stopped on request. */
		STOPPED
	}
}
