package io.deepstress.simulator.internal;

/** The failure injected into one request, decided when it arrives. */
enum Fault {
	NONE(null), RATE_LIMIT("429"), SERVER_ERROR("500"), ABORT("abort"), MALFORMED("malformed"), STALL("stall");

	/** The value of {@link io.deepstress.simulator.ServerRecord#fault()}. */
	final String label;

	Fault(String label) {
		this.label = label;
	}
}
