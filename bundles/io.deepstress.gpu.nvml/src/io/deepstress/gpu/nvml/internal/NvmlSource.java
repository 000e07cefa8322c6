package io.deepstress.gpu.nvml.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceStatus;
import io.deepstress.core.gpu.GpuSourceState.Status;

/**
 * One NVML session: loads the library and initialises NVML on its own thread, then reads every GPU once
 * per interval on that thread. A reading NVML cannot give (not supported, no permission) is null. No
 * library or no driver makes the source UNAVAILABLE; nothing is thrown at the caller. {@link #close()} ends
 * the thread and shuts NVML down.
 */
public final class NvmlSource implements GpuSource {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private final GpuHost host;
	private final String libraryName;
	private final long intervalMillis;
	private final GpuSourceListener listener;
	private final GpuSourceStatus status;
	private final String threadName;
	private final ScheduledThreadPoolExecutor scheduler;
	private final Object lock = new Object();

	// guarded by lock
	private boolean closed;

	// used only on the scheduler thread, and by close() after that thread ended
	private NvmlLibrary nvml;
	private boolean initialised;
	private final List<Pointer> devices = new ArrayList<>();

	NvmlSource(GpuHost host, String libraryName, long intervalMillis, GpuSourceListener listener) {
		this.host = host;
		this.libraryName = libraryName;
		this.intervalMillis = intervalMillis;
		this.listener = listener;
		this.status = new GpuSourceStatus(host, listener);
		this.threadName = "deepstress-nvml-" + host.id() + "-" + SEQUENCE.incrementAndGet();
		this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
			Thread t = new Thread(r, threadName);
			t.setDaemon(true);
			return t;
		});
		scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		scheduler.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
	}

	void start() {
		status.announce();
		scheduler.execute(this::initialise);
	}

	/** Name of this source's thread (for tests and thread dumps). */
	public String threadName() {
		return threadName;
	}

	@Override
	public GpuHost host() {
		return host;
	}

	@Override
	public GpuSourceState state() {
		return status.state();
	}

	private void initialise() {
		try {
			nvml = Native.load(libraryName, NvmlLibrary.class);
		} catch (UnsatisfiedLinkError | RuntimeException e) {
			String what = libraryName.contains("/") ? libraryName : NvmlLibrary.DEFAULT_NAME;
			status.set(Status.UNAVAILABLE, what + " not found — no NVIDIA driver installed? (" + firstLine(e) + ")");
			return;
		}
		int rc;
		try {
			rc = nvml.nvmlInit_v2();
		} catch (UnsatisfiedLinkError | RuntimeException e) {
			status.set(Status.UNAVAILABLE, libraryName + " is not a usable NVML library: " + firstLine(e));
			return;
		}
		if (rc != NvmlLibrary.SUCCESS) {
			status.set(Status.UNAVAILABLE, "NVML cannot start: " + errorString(rc) + " (nvmlInit_v2 returned " + rc + ")");
			return;
		}
		initialised = true;
		IntByReference count = new IntByReference();
		rc = nvml.nvmlDeviceGetCount_v2(count);
		if (rc != NvmlLibrary.SUCCESS) {
			status.set(Status.UNAVAILABLE, "NVML cannot count the GPUs: " + errorString(rc));
			return;
		}
		int n = count.getValue();
		if (n <= 0) {
			status.set(Status.UNAVAILABLE, "NVML found no GPU");
			return;
		}
		for (int i = 0; i < n; i++) {
			PointerByReference handle = new PointerByReference();
			rc = nvml.nvmlDeviceGetHandleByIndex_v2(i, handle);
			devices.add(rc == NvmlLibrary.SUCCESS ? handle.getValue() : null);
			if (rc != NvmlLibrary.SUCCESS) {
				status.skipped();
			}
		}
		try {
			scheduler.scheduleAtFixedRate(this::poll, 0, intervalMillis, TimeUnit.MILLISECONDS);
		} catch (RuntimeException e) {
			// closing
		}
	}

	private static String firstLine(Throwable e) {
		String m = e.getMessage();
		if (m == null) {
			return e.getClass().getSimpleName();
		}
		int nl = m.indexOf('\n');
		return nl < 0 ? m : m.substring(0, nl);
	}

	private String errorString(int rc) {
		try {
			String s = nvml.nvmlErrorString(rc);
			return s == null || s.isBlank() ? "NVML error " + rc : s;
		} catch (RuntimeException | UnsatisfiedLinkError e) {
			return "NVML error " + rc;
		}
	}

	private void poll() {
		try {
			long now = System.currentTimeMillis();
			List<GpuSample> batch = new ArrayList<>(devices.size());
			for (int i = 0; i < devices.size(); i++) {
				Pointer device = devices.get(i);
				if (device != null) {
					batch.add(read(i, device, now));
				}
			}
			synchronized (lock) {
				if (closed) {
					return;
				}
			}
			if (batch.isEmpty()) {
				return;
			}
			status.delivered(batch.size());
			if (status.status() != Status.OK) {
				status.set(Status.OK, null);
			}
			listener.onSamples(List.copyOf(batch));
		} catch (RuntimeException | Error e) {
			// a failed reading or listener must not end the schedule
			status.skipped();
		}
	}

	private GpuSample read(int index, Pointer device, long now) {
		byte[] buffer = new byte[Math.max(NvmlLibrary.UUID_BUFFER_SIZE, NvmlLibrary.NAME_BUFFER_SIZE)];
		String uuid = nvml.nvmlDeviceGetUUID(device, buffer, buffer.length) == NvmlLibrary.SUCCESS ? cString(buffer)
				: null;
		String name = nvml.nvmlDeviceGetName(device, buffer, buffer.length) == NvmlLibrary.SUCCESS ? cString(buffer)
				: null;
		int[] utilization = new int[2];
		Double gpuUtil = nvml.nvmlDeviceGetUtilizationRates(device, utilization) == NvmlLibrary.SUCCESS
				? (double) Integer.toUnsignedLong(utilization[0])
				: null;
		long[] memory = new long[3];
		Long memTotal = null;
		Long memUsed = null;
		if (nvml.nvmlDeviceGetMemoryInfo(device, memory) == NvmlLibrary.SUCCESS) {
			memTotal = toMiB(memory[0]);
			memUsed = toMiB(memory[2]);
		}
		IntByReference value = new IntByReference();
		Double temperature = nvml.nvmlDeviceGetTemperature(device, NvmlLibrary.TEMPERATURE_GPU,
				value) == NvmlLibrary.SUCCESS ? (double) Integer.toUnsignedLong(value.getValue()) : null;
		Double power = nvml.nvmlDeviceGetPowerUsage(device, value) == NvmlLibrary.SUCCESS
				? Integer.toUnsignedLong(value.getValue()) / 1000.0
				: null;
		Double powerLimit = nvml.nvmlDeviceGetEnforcedPowerLimit(device, value) == NvmlLibrary.SUCCESS
				? Integer.toUnsignedLong(value.getValue()) / 1000.0
				: null;
		Long smClock = nvml.nvmlDeviceGetClockInfo(device, NvmlLibrary.CLOCK_SM, value) == NvmlLibrary.SUCCESS
				? Integer.toUnsignedLong(value.getValue())
				: null;
		LongByReference reasons = new LongByReference();
		String throttle = nvml.nvmlDeviceGetCurrentClocksThrottleReasons(device, reasons) == NvmlLibrary.SUCCESS
				? String.format("0x%016x", reasons.getValue())
				: null;
		return new GpuSample(now, host.sampleHost(), index, uuid, name, gpuUtil, memUsed, memTotal, temperature, power,
				powerLimit, smClock, throttle);
	}

	/** Bytes (unsigned 64-bit) to whole MiB. */
	static long toMiB(long bytes) {
		return Long.divideUnsigned(bytes, 1024L * 1024L);
	}

	private static String cString(byte[] buffer) {
		int end = 0;
		while (end < buffer.length && buffer[end] != 0) {
			end++;
		}
		String s = new String(buffer, 0, end, StandardCharsets.UTF_8).strip();
		return s.isEmpty() ? null : s;
	}

	@Override
	public void close() {
		synchronized (lock) {
			if (closed) {
				return;
			}
			closed = true;
			status.closing();
		}
		scheduler.shutdownNow();
		boolean ended;
		try {
			ended = scheduler.awaitTermination(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			ended = false;
		}
		if (ended && initialised) {
			try {
				nvml.nvmlShutdown();
			} catch (RuntimeException | UnsatisfiedLinkError e) {
				// nothing more to do
			}
			initialised = false;
		}
		status.set(Status.STOPPED, null);
	}
}
