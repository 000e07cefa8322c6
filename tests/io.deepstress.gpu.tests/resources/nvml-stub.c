/*
 * A stand-in for libnvidia-ml.so.1 for the DeepStress NVML tests on machines without an NVIDIA GPU.
 * Two fake GPUs: 0 is an "NVIDIA H100 80GB HBM3" that answers everything; 1 is an
 * "NVIDIA A100-SXM4-40GB" whose power readings are NVML_ERROR_NOT_SUPPORTED. Every device call before
 * nvmlInit_v2 (or after the last nvmlShutdown) is NVML_ERROR_UNINITIALIZED, as in NVML.
 * Built by the tests: gcc -shared -fPIC -o libnvidia-ml.so.1 nvml-stub.c
 * With -DNO_DRIVER, nvmlInit_v2 returns NVML_ERROR_DRIVER_NOT_LOADED (9).
 * stub_init_count(), stub_shutdown_count() and stub_poll_count() let a test see what was called.
 */
#include <string.h>

typedef int nvmlReturn_t;
typedef struct nvmlDevice_st *nvmlDevice_t;
typedef struct { unsigned int gpu; unsigned int memory; } nvmlUtilization_t;
typedef struct { unsigned long long total; unsigned long long free; unsigned long long used; } nvmlMemory_t;

#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_DRIVER_NOT_LOADED 9

struct nvmlDevice_st { int index; };
static struct nvmlDevice_st devices[2] = { { 0 }, { 1 } };
static int initialised; /* reference count, like NVML */
static int init_calls, shutdown_calls, polls;

int stub_init_count(void) { return init_calls; }
int stub_shutdown_count(void) { return shutdown_calls; }
int stub_poll_count(void) { return polls; }

const char *nvmlErrorString(nvmlReturn_t result)
{
	switch (result) {
	case NVML_SUCCESS: return "Success";
	case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
	case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
	case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
	case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
	case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
	default: return "Unknown Error";
	}
}

nvmlReturn_t nvmlInit_v2(void)
{
	init_calls++;
#ifdef NO_DRIVER
	return NVML_ERROR_DRIVER_NOT_LOADED;
#else
	initialised++;
	return NVML_SUCCESS;
#endif
}

nvmlReturn_t nvmlShutdown(void)
{
	shutdown_calls++;
	if (initialised == 0) return NVML_ERROR_UNINITIALIZED;
	initialised--;
	return NVML_SUCCESS;
}

static int check(nvmlDevice_t device, const void *out)
{
	if (!initialised) return NVML_ERROR_UNINITIALIZED;
	if (device != &devices[0] && device != &devices[1]) return NVML_ERROR_INVALID_ARGUMENT;
	if (out == 0) return NVML_ERROR_INVALID_ARGUMENT;
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count)
{
	if (!initialised) return NVML_ERROR_UNINITIALIZED;
	if (count == 0) return NVML_ERROR_INVALID_ARGUMENT;
	*count = 2;
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device)
{
	if (!initialised) return NVML_ERROR_UNINITIALIZED;
	if (index > 1 || device == 0) return NVML_ERROR_INVALID_ARGUMENT;
	*device = &devices[index];
	return NVML_SUCCESS;
}

static nvmlReturn_t copy(const char *value, char *buffer, unsigned int length)
{
	if (strlen(value) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
	strcpy(buffer, value);
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length)
{
	int rc = check(device, uuid);
	if (rc) return rc;
	return copy(device->index == 0 ? "GPU-1c9f3a52-7d4e-4b8a-9e61-0f2d5c3b7a19"
			: "GPU-8e2b6f14-3c5a-4d97-b1e0-6a4f9d2c8e73", uuid, length);
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length)
{
	int rc = check(device, name);
	if (rc) return rc;
	return copy(device->index == 0 ? "NVIDIA H100 80GB HBM3" : "NVIDIA A100-SXM4-40GB", name, length);
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization)
{
	int rc = check(device, utilization);
	if (rc) return rc;
	if (device->index == 0) polls++;
	/* varies over time: GPU 0 in 40..49, GPU 1 in 80..89 */
	utilization->gpu = (device->index == 0 ? 40 : 80) + polls % 10;
	utilization->memory = 30;
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory)
{
	int rc = check(device, memory);
	if (rc) return rc;
	if (device->index == 0) {
		memory->total = 85520809984ULL;  /* 81559 MiB */
		memory->used = 64424509440ULL;   /* 61440 MiB */
	} else {
		memory->total = 42949672960ULL;  /* 40960 MiB */
		memory->used = 10737942528ULL;   /* 10240.5 MiB -> 10240 */
	}
	memory->free = memory->total - memory->used;
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, int sensorType, unsigned int *temp)
{
	int rc = check(device, temp);
	if (rc) return rc;
	if (sensorType != 0) return NVML_ERROR_INVALID_ARGUMENT;
	*temp = device->index == 0 ? 54 : 61;
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power)
{
	int rc = check(device, power);
	if (rc) return rc;
	if (device->index == 1) return NVML_ERROR_NOT_SUPPORTED;
	*power = 312450; /* mW */
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit)
{
	int rc = check(device, limit);
	if (rc) return rc;
	if (device->index == 1) return NVML_ERROR_NOT_SUPPORTED;
	*limit = 700000; /* mW */
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, int type, unsigned int *clock)
{
	int rc = check(device, clock);
	if (rc) return rc;
	if (type != 1) return NVML_ERROR_NOT_SUPPORTED; /* only NVML_CLOCK_SM */
	*clock = device->index == 0 ? 1980 : 1410;
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t device, unsigned long long *reasons)
{
	int rc = check(device, reasons);
	if (rc) return rc;
	*reasons = device->index == 0 ? 0x4ULL : 0x0ULL; /* SW power cap on GPU 0 */
	return NVML_SUCCESS;
}
