package io.deepstress.gpu.smi.internal;

import java.time.Duration;
import java.util.Objects;

import org.osgi.service.component.annotations.Component;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSourceListener;

/**
 * Reads this machine's GPUs through one long-running {@code nvidia-smi --query-gpu=... -lms N} process per
 * watched host (see {@link SmiSource}).
 */
@Component(service = GpuProvider.class)
public final class LocalSmiProvider implements GpuProvider {

	/** System property: first restart delay in milliseconds (default 1000); it doubles up to 30 s. */
	public static final String BACKOFF_PROPERTY = "deepstress.smi.backoffMillis";

	/** Consecutive runs that end without a single reading before the source gives up (UNAVAILABLE). */
	public static final int DEFAULT_MAX_SILENT_EXITS = 5;

	private final Duration backoffBase;
	private final Duration backoffMax;
	private final int maxSilentExits;

	public LocalSmiProvider() {
		this(Duration.ofMillis(Math.max(1, Long.getLong(BACKOFF_PROPERTY, 1000))), Duration.ofSeconds(30),
				DEFAULT_MAX_SILENT_EXITS);
	}

	/**
	 * @param backoffBase    delay before the first restart; doubles on each further failure
	 * @param backoffMax     longest restart delay
	 * @param maxSilentExits consecutive exits without any reading after which the source is UNAVAILABLE
	 */
	public LocalSmiProvider(Duration backoffBase, Duration backoffMax, int maxSilentExits) {
		this.backoffBase = Objects.requireNonNull(backoffBase, "backoffBase");
		this.backoffMax = Objects.requireNonNull(backoffMax, "backoffMax");
		if (maxSilentExits < 1) {
			throw new IllegalArgumentException("maxSilentExits must be >= 1");
		}
		this.maxSilentExits = maxSilentExits;
	}

	@Override
	public GpuHost.Kind kind() {
		return GpuHost.Kind.LOCAL_SMI;
	}

	@Override
	public SmiSource open(GpuHost host, Duration interval, GpuSourceListener listener) {
		Objects.requireNonNull(host, "host");
		Objects.requireNonNull(interval, "interval");
		Objects.requireNonNull(listener, "listener");
		SmiSource source = new SmiSource(host, Math.max(1, interval.toMillis()), listener, backoffBase.toMillis(),
				backoffMax.toMillis(), maxSilentExits);
		source.start();
		return source;
	}
}
