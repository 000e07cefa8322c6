package io.deepstress.gpu.nvml.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Component;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSourceListener;

/**
 * Reads this machine's GPUs through NVML via JNA (see {@link NvmlSource}). The library is
 * {@value NvmlLibrary#DEFAULT_NAME} from the system's library path, or the file named by the system
 * property {@value #LIBRARY_PROPERTY}.
 */
@Component(service = GpuProvider.class)
public final class NvmlProvider implements GpuProvider {

	/** System property: full path of the NVML library to load instead of {@value NvmlLibrary#DEFAULT_NAME}. */
	public static final String LIBRARY_PROPERTY = "deepstress.nvml.library";

	private final Supplier<String> library;

	public NvmlProvider() {
		this(() -> {
			String path = System.getProperty(LIBRARY_PROPERTY);
			return path == null || path.isBlank() ? NvmlLibrary.DEFAULT_NAME : path.strip();
		});
	}

	/** @param library the library to load at each open: a full path or a name the loader searches */
	public NvmlProvider(Supplier<String> library) {
		this.library = Objects.requireNonNull(library, "library");
	}

	@Override
	public GpuHost.Kind kind() {
		return GpuHost.Kind.LOCAL_NVML;
	}

	@Override
	public NvmlSource open(GpuHost host, Duration interval, GpuSourceListener listener) {
		Objects.requireNonNull(host, "host");
		Objects.requireNonNull(interval, "interval");
		Objects.requireNonNull(listener, "listener");
		NvmlSource source = new NvmlSource(host, library.get(), Math.max(1, interval.toMillis()), listener);
		source.start();
		return source;
	}
}
