package io.deepstress.core.run;

/**
 * Where a run came from, kept with its record for filtering: the endpoint and saved configuration by
 * name (null for ad-hoc runs) and the batch it was launched in (several configurations in one go, or
 * the levels of a sweep share one batch id; null when it ran alone).
 */
public record RunOrigin(String endpointName, String configurationName, String batchId) {

	/** An ad-hoc run. */
	public static final RunOrigin NONE = new RunOrigin(null, null, null);

	public RunOrigin withBatch(String id) {
		return new RunOrigin(endpointName, configurationName, id);
	}
}
