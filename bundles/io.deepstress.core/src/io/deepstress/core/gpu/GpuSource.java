package io.deepstress.core.gpu;

/** A running GPU source; {@link #close()} stops it (processes ended, sessions closed, threads gone). */
public interface GpuSource extends AutoCloseable {

	GpuHost host();

	GpuSourceState state();

	@Override
	void close();
}
