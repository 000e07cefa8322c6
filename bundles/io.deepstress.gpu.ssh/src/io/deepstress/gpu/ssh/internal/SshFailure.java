package io.deepstress.gpu.ssh.internal;

import io.deepstress.core.gpu.GpuSourceState.Status;

/**
 * A problem of an SSH GPU source that retrying cannot solve (authentication refused, a host key unknown or
 * changed, a missing secret or key file, nvidia-smi missing on the host): the source ends in {@link #status()}.
 */
final class SshFailure extends Exception {

	private static final long serialVersionUID = 1L;

	private final Status status;

	SshFailure(Status status, String message) {
		super(message, null, false, false);
		this.status = status;
	}

	/** {@link Status#FAILED} or {@link Status#UNAVAILABLE}. */
	Status status() {
		return status;
	}
}
