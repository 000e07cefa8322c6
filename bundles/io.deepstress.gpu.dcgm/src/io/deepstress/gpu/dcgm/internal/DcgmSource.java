package io.deepstress.gpu.dcgm.internal;

import java.net.URI;
import java.util.List;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.PolledGpuSource;
import io.deepstress.servermetrics.PrometheusReader;

/**
 * One DCGM exporter read every interval. A failed read (refused, timed out, HTTP error, not Prometheus text, no GPU
 * in it) is RECONNECTING with the reason, and the next read tries again.
 */
public final class DcgmSource extends PolledGpuSource {

	private final URI url;
	private final PrometheusReader reader = new PrometheusReader();

	DcgmSource(GpuHost host, long intervalMillis, GpuSourceListener listener) {
		super(host, intervalMillis, listener, "deepstress-dcgm-" + host.name());
		this.url = URI.create(host.hostname());
	}

	@Override
	protected List<GpuSample> read() throws ReadFailure, InterruptedException {
		List<PrometheusReader.Sample> text;
		try {
			text = reader.read(url);
		} catch (PrometheusReader.Failure e) {
			throw new ReadFailure("DCGM exporter " + url + ": " + e.getMessage(), false);
		}
		List<GpuSample> gpus = DcgmMetrics.gpus(text, System.currentTimeMillis(), host().sampleHost());
		if (gpus.isEmpty()) {
			throw new ReadFailure("the exporter at " + url + " reports no GPU (no DCGM_FI_* sample with a gpu label)",
					false);
		}
		return gpus;
	}
}
