package io.deepstress.core.model;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.Timeouts;

/**
 * A saved test: which endpoint, which datasets with which weights, how much load and for how long. It
 * refers to its endpoint by id and to its datasets by name, so editing a dataset or an endpoint changes
 * every configuration that uses it.
 *
 * @param id         stable identifier
 * @param name       unique display name
 * @param endpointId the endpoint's {@link Endpoint#id()}
 * @param datasets   dataset names with weights, at least one
 * @param load       closed or open loop
 * @param limits     when to stop
 * @param request    stream flag, max tokens, temperature, extra body
 * @param timeouts   per-request time limits, or null for the endpoint's
 * @param retry      retry policy
 */
public record TestConfiguration(String id, String name, String endpointId, List<Share> datasets, Load load,
		Limits limits, RequestOptions request, Timeouts timeouts, RetryPolicy retry) {

	/** A dataset of a configuration with its weight. */
	public record Share(String dataset, double weight) {
		public Share {
			if (dataset == null || dataset.isBlank()) {
				throw new IllegalArgumentException("A dataset share needs a dataset name");
			}
			if (!(weight > 0) || Double.isInfinite(weight)) {
				throw new IllegalArgumentException("The weight of dataset '" + dataset + "' must be > 0");
			}
		}
	}

	public TestConfiguration {
		Objects.requireNonNull(id, "id");
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A test configuration needs a name");
		}
		name = name.strip();
		if (endpointId == null || endpointId.isBlank()) {
			throw new IllegalArgumentException("Test configuration '" + name + "' has no endpoint");
		}
		datasets = List.copyOf(Objects.requireNonNull(datasets, "datasets"));
		if (datasets.isEmpty()) {
			throw new IllegalArgumentException("Test configuration '" + name + "' selects no dataset");
		}
		Objects.requireNonNull(load, "load");
		limits = limits == null ? Limits.singlePass() : limits;
		request = request == null ? RequestOptions.defaults() : request;
		retry = retry == null ? RetryPolicy.none() : retry;
	}

	/** A new configuration with a fresh id. */
	public static TestConfiguration create(String name, String endpointId, List<Share> datasets, Load load,
			Limits limits, RequestOptions request, Timeouts timeouts, RetryPolicy retry) {
		return new TestConfiguration(UUID.randomUUID().toString(), name, endpointId, datasets, load, limits, request,
				timeouts, retry);
	}

	/** The same configuration under another name (and a new id), e.g. for "duplicate". */
	public TestConfiguration copyAs(String newName) {
		return create(newName, endpointId, datasets, load, limits, request, timeouts, retry);
	}

	/**
	 * The run this configuration describes.
	 *
	 * @param endpoint    the configuration's endpoint
	 * @param baseUrl     the URL requests go to (the built-in simulator's real address for it)
	 * @param apiKey      the endpoint's key from secure storage, or null
	 * @param datasetByName looks a dataset up by name, null when missing
	 * @throws IllegalArgumentException when the endpoint is not this configuration's or a dataset is missing
	 */
	public RunConfig toRunConfig(Endpoint endpoint, String baseUrl, String apiKey,
			Function<String, Dataset> datasetByName) {
		if (!endpoint.id().equals(endpointId)) {
			throw new IllegalArgumentException("Configuration '" + name + "' is for another endpoint");
		}
		List<DatasetShare> shares = datasets.stream().map(s -> {
			Dataset d = datasetByName.apply(s.dataset());
			if (d == null) {
				throw new IllegalArgumentException(
						"Configuration '" + name + "' uses dataset '" + s.dataset() + "', which does not exist");
			}
			return new DatasetShare(d, s.weight());
		}).toList();
		return new RunConfig(name, new ApiTarget(baseUrl, endpoint.apiKind(), endpoint.model(), endpoint.headers(), apiKey),
				request, shares, load, limits, timeouts != null ? timeouts : endpoint.timeouts(), retry);
	}
}
