package io.deepstress.core.gpu;

import java.util.List;

/** Receives what a GPU source reads. Called from the source's own thread; must not block. */
public interface GpuSourceListener {

	/** The GPUs of the host at one instant. */
	void onSamples(List<GpuSample> samples);

	/** The source changed state. */
	void onState(GpuSourceState state);
}
