package io.deepstress.sample.amd.internal;

import java.time.Duration;
import java.util.Objects;

import org.osgi.service.component.annotations.Component;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSourceListener;

/**
 * A third-party GPU provider, as a plug-in installs it: this machine's AMD GPUs through {@code amd-smi metric --json}
 * run once per interval (see {@link AmdSmiSource}).
 */
@Component(service = GpuProvider.class)
public final class AmdSmiProvider implements GpuProvider {

	@Override
	public GpuHost.Kind kind() {
		return GpuHost.Kind.LOCAL_AMD_SMI;
	}

	@Override
	public AmdSmiSource open(GpuHost host, Duration interval, GpuSourceListener listener) {
		Objects.requireNonNull(host, "host");
		Objects.requireNonNull(listener, "listener");
		AmdSmiSource source = new AmdSmiSource(host, Math.max(200, interval.toMillis()), listener);
		source.start();
		return source;
	}
}
