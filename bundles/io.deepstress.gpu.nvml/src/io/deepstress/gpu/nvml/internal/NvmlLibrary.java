package io.deepstress.gpu.nvml.internal;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of NVML ({@code nvml.h}) DeepStress calls. Every function returns an {@code nvmlReturn_t}
 * ({@link #SUCCESS} or an error code). Unsigned C integers arrive in Java's signed types: read them with
 * {@link Integer#toUnsignedLong(int)}. Structures are passed as arrays of the same layout.
 */
public interface NvmlLibrary extends Library {

	/** The library's default name (the versioned one: the unversioned link is only in -dev packages). */
	String DEFAULT_NAME = "libnvidia-ml.so.1";

	int SUCCESS = 0;
	int ERROR_UNINITIALIZED = 1;
	int ERROR_NOT_SUPPORTED = 3;
	int ERROR_DRIVER_NOT_LOADED = 9;

	/** {@code NVML_TEMPERATURE_GPU}. */
	int TEMPERATURE_GPU = 0;
	/** {@code NVML_CLOCK_SM}. */
	int CLOCK_SM = 1;
	/** {@code NVML_DEVICE_UUID_V2_BUFFER_SIZE}. */
	int UUID_BUFFER_SIZE = 96;
	/** {@code NVML_DEVICE_NAME_V2_BUFFER_SIZE}. */
	int NAME_BUFFER_SIZE = 96;

	int nvmlInit_v2();

	int nvmlShutdown();

	String nvmlErrorString(int result);

	int nvmlDeviceGetCount_v2(IntByReference deviceCount);

	int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

	int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

	int nvmlDeviceGetName(Pointer device, byte[] name, int length);

	/** @param utilization {@code nvmlUtilization_t}: {gpu, memory} percent */
	int nvmlDeviceGetUtilizationRates(Pointer device, int[] utilization);

	/** @param memory {@code nvmlMemory_t}: {total, free, used} bytes */
	int nvmlDeviceGetMemoryInfo(Pointer device, long[] memory);

	int nvmlDeviceGetTemperature(Pointer device, int sensorType, IntByReference celsius);

	int nvmlDeviceGetPowerUsage(Pointer device, IntByReference milliwatts);

	int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference milliwatts);

	int nvmlDeviceGetClockInfo(Pointer device, int clockType, IntByReference mhz);

	int nvmlDeviceGetCurrentClocksThrottleReasons(Pointer device, LongByReference reasons);
}
