package io.deepstress.gpu.ssh.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Timeouts and retry policy of SSH GPU sources.
 *
 * @param knownHosts          DeepStress's known_hosts file, or null for {@link KnownHostsFile#defaultPath()}
 *                            resolved at each connection attempt
 * @param connectTimeout      TCP connect, key exchange, authentication and channel open
 * @param serverAliveInterval keep-alive probes when the connection is quiet
 * @param serverAliveCountMax unanswered probes before the connection counts as lost
 * @param readTimeout         no output from nvidia-smi for this long (at least 5 intervals) means the
 *                            stream is stuck: reconnect
 * @param backoffMin          first delay before reconnecting; doubles up to {@code backoffMax}, back to
 *                            the minimum once samples flow again
 * @param backoffMax          longest delay before reconnecting
 */
record SshSettings(Path knownHosts, Duration connectTimeout, Duration serverAliveInterval, int serverAliveCountMax,
		Duration readTimeout, Duration backoffMin, Duration backoffMax) {

	static SshSettings defaults() {
		return new SshSettings(null, Duration.ofSeconds(10), Duration.ofSeconds(5), 3, Duration.ofSeconds(15),
				Duration.ofSeconds(1), Duration.ofSeconds(60));
	}

	SshSettings withKnownHosts(Path file) {
		return new SshSettings(file, connectTimeout, serverAliveInterval, serverAliveCountMax, readTimeout, backoffMin,
				backoffMax);
	}

	SshSettings withBackoff(Duration min, Duration max) {
		return new SshSettings(knownHosts, connectTimeout, serverAliveInterval, serverAliveCountMax, readTimeout, min,
				max);
	}

	KnownHostsFile knownHostsFile() {
		return new KnownHostsFile(knownHosts != null ? knownHosts : KnownHostsFile.defaultPath());
	}

	/** The read timeout for a sampling interval. */
	long readTimeoutMillis(long intervalMillis) {
		return Math.max(readTimeout.toMillis(), 5 * intervalMillis);
	}
}
