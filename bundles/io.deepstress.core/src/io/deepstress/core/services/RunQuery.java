package io.deepstress.core.services;

import java.time.Instant;

import io.deepstress.core.run.RunStatus;

/**
 * Which stored runs to list, in which order, which page. Filters left null match everything; text
 * filters match the endpoint or configuration name exactly, ignoring case.
 *
 * @param status        only runs in this state
 * @param endpoint      only runs against the endpoint of this name
 * @param configuration only runs of the saved configuration of this name
 * @param batchId       only runs of this batch
 * @param from          only runs started at or after this instant
 * @param to            only runs started before this instant
 * @param sort          sort key
 * @param descending    largest first (newest first for {@link Sort#START})
 * @param page          page number from 0
 * @param pageSize      runs per page, at least 1
 */
public record RunQuery(RunStatus status, String endpoint, String configuration, String batchId,
		Instant from, Instant to, Sort sort, boolean descending, int page, int pageSize) {

	/** What a list can be sorted by. */
	public enum Sort {
		START, NAME, STATUS, TOTAL, REQUESTS_PER_S, TTFT_P50
	}

	public RunQuery {
		sort = sort == null ? Sort.START : sort;
		if (page < 0) {
			throw new IllegalArgumentException("The page must not be negative");
		}
		if (pageSize < 1) {
			throw new IllegalArgumentException("The page size must be at least 1");
		}
		endpoint = blankToNull(endpoint);
		configuration = blankToNull(configuration);
		batchId = blankToNull(batchId);
	}

	/** Every run, newest first, the first page of {@code pageSize}. */
	public static RunQuery all(int pageSize) {
		return new RunQuery(null, null, null, null, null, null, Sort.START, true, 0, pageSize);
	}

	public RunQuery withStatus(RunStatus s) {
		return new RunQuery(s, endpoint, configuration, batchId, from, to, sort, descending, page, pageSize);
	}

	public RunQuery withEndpoint(String name) {
		return new RunQuery(status, name, configuration, batchId, from, to, sort, descending, page, pageSize);
	}

	public RunQuery withConfiguration(String name) {
		return new RunQuery(status, endpoint, name, batchId, from, to, sort, descending, page, pageSize);
	}

	public RunQuery withBatch(String id) {
		return new RunQuery(status, endpoint, configuration, id, from, to, sort, descending, page, pageSize);
	}

	public RunQuery between(Instant start, Instant end) {
		return new RunQuery(status, endpoint, configuration, batchId, start, end, sort, descending, page, pageSize);
	}

	public RunQuery sortedBy(Sort key, boolean desc) {
		return new RunQuery(status, endpoint, configuration, batchId, from, to, key, desc, page, pageSize);
	}

	public RunQuery page(int number) {
		return new RunQuery(status, endpoint, configuration, batchId, from, to, sort, descending, number, pageSize);
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.strip();
	}
}
