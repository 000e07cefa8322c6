package io.deepstress.core.run;

/**
 * A stored run as the records list shows it: its summary and what only the store knows.
 *
 * @param summary     the run's figures
 * @param origin      endpoint, configuration and batch
 * @param endpointUrl the URL the requests went to
 * @param appVersion  the DeepStress version that ran it
 */
public record RunRecord(RunSummary summary, RunOrigin origin, String endpointUrl, String appVersion) {
}
