package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.TableGenerator;

/** One GPU at one instant during a run; absent values are NULL. */
@Entity
@Table(name = "GPU_SAMPLE", indexes = { @Index(name = "GPU_SAMPLE_RUN", columnList = "RUN_ID,TIME_MS"),
		@Index(name = "GPU_SAMPLE_TIME", columnList = "TIME_MS") })
public class GpuSampleEntity {

	@Id
	@TableGenerator(name = "GPU_IDS", table = "ID_GEN", pkColumnName = "GEN_NAME", valueColumnName = "GEN_VALUE",
			pkColumnValue = "GPU_SAMPLE", allocationSize = 1000)
	@GeneratedValue(strategy = GenerationType.TABLE, generator = "GPU_IDS")
	@Column(name = "ID")
	long id;

	@Column(name = "RUN_ID", length = 64)
	String runId;

	@Column(name = "TIME_MS")
	long epochMillis;

	@Column(name = "HOST", length = 200)
	String host;

	@Column(name = "GPU_INDEX")
	int index;

	@Column(name = "UUID", length = 100)
	String uuid;

	@Column(name = "NAME", length = 200)
	String name;

	@Column(name = "UTILIZATION")
	Double utilization;

	@Column(name = "MEM_USED_MIB")
	Long memoryUsedMiB;

	@Column(name = "MEM_TOTAL_MIB")
	Long memoryTotalMiB;

	@Column(name = "TEMPERATURE_C")
	Double temperatureC;

	@Column(name = "POWER_W")
	Double powerW;

	@Column(name = "POWER_LIMIT_W")
	Double powerLimitW;

	@Column(name = "SM_CLOCK_MHZ")
	Long smClockMHz;

	@Column(name = "THROTTLE", length = 100)
	String throttleReasons;
}
