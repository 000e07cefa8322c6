package io.deepstress.core.run;

/**
 * The watchdog's verdict on the last window of a running test (payload of
 * {@link io.deepstress.core.events.RunTopics#CLIENT_HEALTH}): published while the client is limited, once a
 * second, and once when it keeps up again. Since core.run 0.4.
 *
 * @param runId  the run
 * @param report the last window's figures and the thresholds it passed (none: the client keeps up again)
 */
public record ClientHealthEvent(String runId, ClientHealthReport report) {
}
