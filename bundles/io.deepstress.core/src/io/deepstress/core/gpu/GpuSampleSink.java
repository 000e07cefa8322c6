package io.deepstress.core.gpu;

import java.util.List;

/**
 * Takes the GPU samples taken while a run is active, to keep them with the run (the records store
 * implements it). An OSGi service; the launch service calls every registered sink with the samples of the
 * GPU hosts a run's plan names.
 */
public interface GpuSampleSink {

	/** Samples taken while run {@code runId} was active; must not block. */
	void accept(String runId, List<GpuSample> samples);
}
