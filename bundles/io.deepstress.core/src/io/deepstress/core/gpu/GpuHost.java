package io.deepstress.core.gpu;

import java.util.Objects;

/**
 * A machine whose GPUs DeepStress watches, and how. Secrets (SSH password, key passphrase) are not here:
 * they live in secure storage under {@link #secretKey()}.
 *
 * @param id       stable identifier
 * @param name     unique display name
 * @param kind     how to read the GPUs
 * @param hostname SSH host name or address (SSH); the exporter's {@code http(s)://host:port/metrics} URL (DCGM)
 * @param port     SSH port (SSH only)
 * @param user     SSH user (SSH only)
 * @param auth     SSH authentication (SSH only)
 * @param keyFile  private key file for {@link Auth#KEY} (SSH only), or null
 * @param command  the {@code nvidia-smi} executable to run (default {@code nvidia-smi})
 */
public record GpuHost(String id, String name, Kind kind, String hostname, int port, String user, Auth auth,
		String keyFile, String command) {

	/** How a host's GPUs are read. */
	public enum Kind {
		/** This machine, through NVML ({@code libnvidia-ml.so.1}) via JNA. */
		LOCAL_NVML,
		/** This machine, through one long-running {@code nvidia-smi --query-gpu ... -lms} process. */
		LOCAL_SMI,
		/** A remote machine, through {@code nvidia-smi ... -lms} over one SSH session. */
		SSH,
		/** NVIDIA's DCGM exporter: its Prometheus text over HTTP ({@code hostname} is the URL), no SSH needed. */
		DCGM,
		/**
		 * This machine's AMD GPUs through {@code amd-smi metric --json} ({@code command} names the executable). No
		 * provider ships with DeepStress: the sample plug-in {@code io.deepstress.sample.amd} brings one.
		 */
		LOCAL_AMD_SMI
	}

	/** SSH authentication. */
	public enum Auth {
		/** A private key file (ed25519, RSA, ECDSA), optionally with a passphrase in secure storage. */
		KEY,
		/** A password from secure storage. */
		PASSWORD
	}

	public GpuHost {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(kind, "kind");
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A GPU host needs a name");
		}
		if (kind == Kind.SSH) {
			if (hostname == null || hostname.isBlank()) {
				throw new IllegalArgumentException("SSH host '" + name + "' needs a host name");
			}
			if (user == null || user.isBlank()) {
				throw new IllegalArgumentException("SSH host '" + name + "' needs a user");
			}
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("SSH port must be 1..65535, got " + port);
			}
			Objects.requireNonNull(auth, "auth");
			if (auth == Auth.KEY && (keyFile == null || keyFile.isBlank())) {
				throw new IllegalArgumentException("SSH host '" + name + "' uses a key but names no key file");
			}
		}
		if (kind == Kind.DCGM && (hostname == null || !hostname.matches("(?i)https?://[^/\\s]+.*"))) {
			throw new IllegalArgumentException("DCGM exporter '" + name + "' needs an http(s):// URL, e.g."
					+ " http://gpu-node:9400/metrics, got '" + hostname + "'");
		}
		if (command == null || command.isBlank()) {
			command = "nvidia-smi";
		}
	}

	/** This machine through NVML. */
	public static GpuHost localNvml() {
		return new GpuHost("local-nvml", "This computer (NVML)", Kind.LOCAL_NVML, null, 0, null, null, null, null);
	}

	/** This machine through nvidia-smi. */
	public static GpuHost localSmi() {
		return new GpuHost("local-smi", "This computer (nvidia-smi)", Kind.LOCAL_SMI, null, 0, null, null, null, null);
	}

	/** This machine's AMD GPUs through {@code command} (default {@code amd-smi}), read by a plug-in's provider. */
	public static GpuHost localAmdSmi(String command) {
		return new GpuHost("local-amd-smi", "This computer (amd-smi)", Kind.LOCAL_AMD_SMI, null, 0, null, null, null,
				command == null || command.isBlank() ? "amd-smi" : command);
	}

	/** A DCGM exporter at {@code url} ({@code /metrics} is added when the URL has no path). */
	public static GpuHost dcgm(String id, String name, String url) {
		String u = url == null ? null : url.trim();
		if (u != null && u.matches("(?i)https?://[^/]+/?")) {
			u = u.replaceAll("/$", "") + "/metrics";
		}
		return new GpuHost(id, name, Kind.DCGM, u, 0, null, null, null, null);
	}

	/** Key of this host's SSH password or key passphrase in secure storage. */
	public String secretKey() {
		return "gpu-host/" + id + "/secret";
	}

	/** The host name samples carry: {@code localhost} for local kinds, else the display name. */
	public String sampleHost() {
		return kind == Kind.SSH || kind == Kind.DCGM ? name : "localhost";
	}
}
