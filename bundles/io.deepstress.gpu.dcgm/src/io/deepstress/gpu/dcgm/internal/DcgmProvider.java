package io.deepstress.gpu.dcgm.internal;

import java.time.Duration;
import java.util.Objects;

import org.osgi.service.component.annotations.Component;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSourceListener;

/** Reads the GPUs a DCGM exporter reports, by scraping its Prometheus text every interval (see {@link DcgmSource}). */
@Component(service = GpuProvider.class)
public final class DcgmProvider implements GpuProvider {

	@Override
	public GpuHost.Kind kind() {
		return GpuHost.Kind.DCGM;
	}

	@Override
	public DcgmSource open(GpuHost host, Duration interval, GpuSourceListener listener) {
		Objects.requireNonNull(host, "host");
		Objects.requireNonNull(listener, "listener");
		DcgmSource source = new DcgmSource(host, Math.max(100, interval.toMillis()), listener);
		source.start();
		return source;
	}
}
