package io.deepstress.gpu.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.gpu.smi.NvidiaSmi;

class NvidiaSmiParserTest {

	private static final String H100 = "0, GPU-1c9f3a52-7d4e-4b8a-9e61-0f2d5c3b7a19, NVIDIA H100 80GB HBM3, 87, 61440, "
			+ "81559, 58, 512.34, 700.00, 1980, 0x0000000000000004";

	@Test
	void parsesAFullLine() {
		GpuSample s = NvidiaSmi.parse(H100, "localhost", 1234L).orElseThrow();
		assertEquals(1234L, s.epochMillis());
		assertEquals("localhost", s.host());
		assertEquals(0, s.index());
		assertEquals("GPU-1c9f3a52-7d4e-4b8a-9e61-0f2d5c3b7a19", s.uuid());
		assertEquals("NVIDIA H100 80GB HBM3", s.name());
		assertEquals(87.0, s.utilization());
		assertEquals(61440L, s.memoryUsedMiB());
		assertEquals(81559L, s.memoryTotalMiB());
		assertEquals(58.0, s.temperatureC());
		assertEquals(512.34, s.powerW());
		assertEquals(700.0, s.powerLimitW());
		assertEquals(1980L, s.smClockMHz());
		assertEquals("0x0000000000000004", s.throttleReasons());
		assertEquals("localhost/GPU-1c9f3a52-7d4e-4b8a-9e61-0f2d5c3b7a19", s.gpuKey());
	}

	@Test
	void notAvailableAndNotSupportedAreNull() {
		GpuSample s = NvidiaSmi.parse("1, GPU-8e2b6f14-3c5a-4d97-b1e0-6a4f9d2c8e73, NVIDIA A100-SXM4-40GB, 3, 10240, "
				+ "40960, 61, [N/A], [N/A], [Not Supported], [Not Supported]", "gpu-box", 1L).orElseThrow();
		assertEquals(1, s.index());
		assertEquals(3.0, s.utilization());
		assertNull(s.powerW());
		assertNull(s.powerLimitW());
		assertNull(s.smClockMHz());
		assertNull(s.throttleReasons());
		GpuSample noUuid = NvidiaSmi.parse("2, [N/A], [N/A], [N/A], [N/A], [N/A], [N/A], [N/A], [N/A], [N/A], [N/A]",
				"gpu-box", 1L).orElseThrow();
		assertNull(noUuid.uuid());
		assertNull(noUuid.memoryTotalMiB());
		assertEquals("gpu-box/#2", noUuid.gpuKey());
	}

	@Test
	void garbageWrongFieldCountAndHeadersAreSkipped() {
		for (String line : List.of("", "   ", "@@ garbage %% not a reading",
				"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
				// header of the same query without noheader/nounits: right field count, no numbers
				"index, uuid, name, utilization.gpu [%], memory.used [MiB], memory.total [MiB], temperature.gpu, "
						+ "power.draw [W], power.limit [W], clocks.sm [MHz], clocks_throttle_reasons.active",
				// one field missing, one too many
				"0, GPU-1, NVIDIA H100 80GB HBM3, 87, 61440, 81559, 58, 512.34, 700.00, 1980",
				H100 + ", 42",
				// a number that is not one, a negative and a huge index
				"0, GPU-1, H100, eighty, 1, 2, 3, 4, 5, 6, 0x0",
				"-1, GPU-1, H100, 1, 1, 2, 3, 4, 5, 6, 0x0", "99999, GPU-1, H100, 1, 1, 2, 3, 4, 5, 6, 0x0")) {
			assertTrue(NvidiaSmi.parse(line, "localhost", 1L).isEmpty(), () -> "should skip: '" + line + "'");
		}
		assertTrue(NvidiaSmi.parse(null, "localhost", 1L).isEmpty());
	}

	@Test
	void toleratesSpacingAndRoundsDecimalIntegers() {
		GpuSample s = NvidiaSmi.parse("  0,GPU-1,H100 ,  87 ,61440.6,81559,58,512.34,700.00,1980.0,0x0  ", "h", 1L)
				.orElseThrow();
		assertEquals(61441L, s.memoryUsedMiB());
		assertEquals(1980L, s.smClockMHz());
		assertEquals("H100", s.name());
	}

	@Test
	void commandAndDriverFailure() {
		List<String> words = NvidiaSmi.command("/opt/nvidia-smi", 250);
		assertEquals("/opt/nvidia-smi", words.get(0));
		assertEquals("--query-gpu=" + String.join(",", NvidiaSmi.FIELDS), words.get(1));
		assertEquals(List.of("--format=csv,noheader,nounits", "-lms", "250"), words.subList(2, 5));
		assertEquals("'/my dir/nvidia-smi' --query-gpu=" + String.join(",", NvidiaSmi.FIELDS)
				+ " --format=csv,noheader,nounits -lms 1000", NvidiaSmi.commandLine("/my dir/nvidia-smi", 1000));
		assertTrue(NvidiaSmi.isDriverFailure("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA "
				+ "driver. Make sure that the latest NVIDIA driver is installed and running."));
		assertFalse(NvidiaSmi.isDriverFailure(H100));
	}
}
