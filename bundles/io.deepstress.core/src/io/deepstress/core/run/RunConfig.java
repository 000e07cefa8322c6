package io.deepstress.core.run;

import java.util.List;
import java.util.Objects;

/**
 * Everything a run needs. Immutable; the API key inside {@link ApiTarget} is never printed.
 *
 * @param name     a name for the run (e.g. the saved configuration's)
 * @param target   endpoint
 * @param request  request body options
 * @param datasets selected datasets with weights, at least one
 * @param load     closed or open loop
 * @param limits   when to stop
 * @param timeouts per-request time limits
 * @param retry    retry policy
 * @param network  how the endpoint is reached (HTTP version, TLS, proxy, body cap); null means the defaults
 */
public record RunConfig(String name, ApiTarget target, RequestOptions request, List<DatasetShare> datasets, Load load,
		Limits limits, Timeouts timeouts, RetryPolicy retry, NetworkOptions network) {

	/** A configuration with the default {@link NetworkOptions}. */
	public RunConfig(String name, ApiTarget target, RequestOptions request, List<DatasetShare> datasets, Load load,
			Limits limits, Timeouts timeouts, RetryPolicy retry) {
		this(name, target, request, datasets, load, limits, timeouts, retry, NetworkOptions.defaults());
	}

	public RunConfig {
		if (network == null) {
			network = NetworkOptions.defaults();
		}
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(request, "request");
		Objects.requireNonNull(load, "load");
		Objects.requireNonNull(limits, "limits");
		Objects.requireNonNull(timeouts, "timeouts");
		Objects.requireNonNull(retry, "retry");
		datasets = List.copyOf(Objects.requireNonNull(datasets, "datasets"));
		if (datasets.isEmpty()) {
			throw new IllegalArgumentException("Select at least one dataset");
		}
		if (name == null || name.isBlank()) {
			name = "run";
		}
	}

	/** The same configuration with another load (for sweeps). */
	public RunConfig withLoad(Load newLoad) {
		return new RunConfig(name, target, request, datasets, newLoad, limits, timeouts, retry, network);
	}

	/**
	 * This configuration at one level of a sweep: its load at {@code level} (concurrency or rate), its name
	 * followed by the level ("name c8", "name r20/s"), so that the records tell a sweep's runs apart.
	 */
	public RunConfig atLevel(double level) {
		Load atLevel = load.withLevel(level);
		return new RunConfig(name + " " + atLevel.label(), target, request, datasets, atLevel, limits, timeouts, retry, network);
	}

	/** The same configuration under another name. */
	public RunConfig withName(String newName) {
		return new RunConfig(newName, target, request, datasets, load, limits, timeouts, retry, network);
	}

	/** The same configuration reaching the endpoint another way. */
	public RunConfig withNetwork(NetworkOptions newNetwork) {
		return new RunConfig(name, target, request, datasets, load, limits, timeouts, retry, newNetwork);
	}

	/** Total weight of the selected datasets. */
	public double totalWeight() {
		return datasets.stream().mapToDouble(DatasetShare::weight).sum();
	}
}
