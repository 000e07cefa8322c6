package io.deepstress.core.gpu;

import java.time.Duration;

/**
 * Reads GPU telemetry of hosts of one {@link GpuHost.Kind}. An OSGi service per kind (NVML, local
 * nvidia-smi, SSH), each in its own bundle.
 */
public interface GpuProvider {

	/** The kind of host this provider reads. */
	GpuHost.Kind kind();

	/**
	 * Starts reading a host every {@code interval}. Never throws for a missing library, driver, command or
	 * host: the source reports {@link GpuSourceState.Status#UNAVAILABLE} or
	 * {@link GpuSourceState.Status#FAILED} with the reason through the listener.
	 */
	GpuSource open(GpuHost host, Duration interval, GpuSourceListener listener);
}
