package io.deepstress.simulator;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.deepstress.simulator.internal.SimulatorServer;

/**
 * An OpenAI-compatible LLM endpoint on an embedded Jetty server, with configurable pacing (TTFT, inter-token
 * latency, output length) and injected faults, that records what it did with every completion request as
 * {@link ServerRecord ground truth}. One shared scheduler paces every stream, so thousands of concurrent
 * streams need no thread each.
 *
 * <p>Endpoints: {@code GET /v1/models}, {@code POST /v1/chat/completions}, {@code POST /v1/completions};
 * {@code GET /sim/requests} returns the records as a JSON array, {@code DELETE /sim/requests} clears them;
 * {@code GET /sim/stats} the capacity model's running and queued counts.
 *
 * <pre>
 * try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(100)))) {
 *     String url = sim.baseUrl(); // http://127.0.0.1:PORT/v1
 * }
 * </pre>
 */
public final class Simulator implements AutoCloseable {

	private final SimulatorServer server;

	private Simulator(SimulatorServer server) {
		this.server = server;
	}

	/**
	 * Starts a simulator and returns once it accepts connections.
	 *
	 * @throws java.io.UncheckedIOException when the host and port cannot be bound
	 */
	public static Simulator start(SimulatorSettings settings) {
		Objects.requireNonNull(settings, "settings");
		return new Simulator(SimulatorServer.start(settings));
	}

	/**
	 * Starts a simulator with a capacity model: at most {@code capacity.slots()} sequences decoding at once, the
	 * rest queued (see {@link CapacityModel}).
	 */
	public static Simulator start(SimulatorSettings settings, CapacityModel capacity) {
		Objects.requireNonNull(settings, "settings");
		Objects.requireNonNull(capacity, "capacity");
		return new Simulator(SimulatorServer.start(settings, capacity));
	}

	/** What its capacity model's queue holds now (all zero without a model); also {@code GET /sim/stats}. */
	public CapacityModel.State capacity() {
		return server.capacityState();
	}

	/** The port it listens on (the one chosen when the settings said 0). */
	public int port() {
		return server.port();
	}

	/** The OpenAI base URL, e.g. {@code http://127.0.0.1:41234/v1}. */
	public String baseUrl() {
		String host = server.settings().host();
		if (host.contains(":") && !host.startsWith("[")) {
			host = "[" + host + "]";
		} else if ("0.0.0.0".equals(host)) {
			host = "127.0.0.1";
		}
		return "http://" + host + ":" + port() + "/v1";
	}

	public SimulatorSettings settings() {
		return server.settings();
	}

	/**
	 * Snapshots of the kept records, oldest first: one per completion request (chat or text, errors included),
	 * requests in flight included. {@code /v1/models} and {@code /sim/requests} are not recorded.
	 */
	public List<ServerRecord> records() {
		return server.records();
	}

	/** The latest record of the request with this {@code X-Request-Id}. */
	public Optional<ServerRecord> record(String requestId) {
		return server.record(requestId);
	}

	public void clearRecords() {
		server.clearRecords();
	}

	/** Stops the server; open connections are closed, answers in progress are cut. */
	@Override
	public void close() {
		server.close();
	}
}
