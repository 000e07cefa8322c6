package io.deepstress.gpu.ssh.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.HostKeyConfirmer;
import io.deepstress.core.services.SecretStore;

/**
 * GPU telemetry of remote hosts over SSH: per host one JSch session with one exec channel running
 * {@code nvidia-smi --query-gpu=... -lms N}, read line by line (see {@link SshGpuSource}).
 * <p>
 * Passwords and key passphrases come from the {@link SecretStore} under {@link GpuHost#secretKey()};
 * unknown host keys are shown to the {@link HostKeyConfirmer}. Both references are optional and dynamic:
 * without a store, hosts that need a secret fail with a clear message; without a confirmer, unknown host
 * keys are refused.
 */
@Component(service = GpuProvider.class, property = "deepstress.gpu.kind=SSH")
public final class SshGpuProvider implements GpuProvider {

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile SecretStore secretStore;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile HostKeyConfirmer hostKeyConfirmer;

	private final SshSettings settings;
	private final Set<SshGpuSource> sources = ConcurrentHashMap.newKeySet();

	public SshGpuProvider() {
		this(SshSettings.defaults());
	}

	SshGpuProvider(SshSettings settings) {
		this.settings = Objects.requireNonNull(settings);
	}

	/** For use outside DS (tests). */
	void setSecretStore(SecretStore store) {
		this.secretStore = store;
	}

	/** For use outside DS (tests). */
	void setHostKeyConfirmer(HostKeyConfirmer confirmer) {
		this.hostKeyConfirmer = confirmer;
	}

	SecretStore secretStore() {
		return secretStore;
	}

	HostKeyConfirmer hostKeyConfirmer() {
		return hostKeyConfirmer;
	}

	SshSettings settings() {
		return settings;
	}

	@Override
	public GpuHost.Kind kind() {
		return GpuHost.Kind.SSH;
	}

	@Override
	public GpuSource open(GpuHost host, Duration interval, GpuSourceListener listener) {
		Objects.requireNonNull(host, "host");
		Objects.requireNonNull(listener, "listener");
		if (host.kind() != GpuHost.Kind.SSH) {
			throw new IllegalArgumentException("Not an SSH host: " + host.name() + " (" + host.kind() + ")");
		}
		long millis = interval == null || interval.isZero() || interval.isNegative() ? 1000 : interval.toMillis();
		SshGpuSource source = new SshGpuSource(this, host, Math.max(50, millis), listener);
		sources.add(source);
		source.start();
		return source;
	}

	void closed(SshGpuSource source) {
		sources.remove(source);
	}

	/** The sources opened and not yet closed. */
	List<SshGpuSource> openSources() {
		return List.copyOf(sources);
	}

	/** Closes every source still open (the bundle stops). */
	@Deactivate
	void deactivate() {
		for (SshGpuSource source : List.copyOf(sources)) {
			source.close();
		}
	}
}
