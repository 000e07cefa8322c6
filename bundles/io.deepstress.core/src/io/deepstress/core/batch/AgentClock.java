package io.deepstress.core.batch;

/**
 * How an agent's wall clock stood against a reference clock (the server's) when its run started: reference time =
 * local time + {@code offsetMillis}. A batch's merged timeline puts every agent's run on the reference clock with it.
 *
 * @param offsetMillis      reference minus local wall clock, in milliseconds
 * @param uncertaintyMillis how far the true offset may be from it (half the window it was measured in)
 * @param source            what it was measured against: {@link #SIMULATOR} (the simulator's millisecond clock
 *                          header), {@link #DATE} (the server's HTTP {@code Date} header, refined at a change of
 *                          second), or {@link #NONE} (not measured: offset 0)
 * @param note              why it was not measured, or empty
 */
public record AgentClock(long offsetMillis, long uncertaintyMillis, String source, String note) {

	/** Measured against the simulator's {@value #HEADER} header. */
	public static final String SIMULATOR = "simulator";
	/** Measured against the HTTP {@code Date} header. */
	public static final String DATE = "date";
	/** Not measured. */
	public static final String NONE = "none";
	/** The simulator's response header with its wall clock in milliseconds since the epoch. */
	public static final String HEADER = "X-DeepStress-Time";

	public AgentClock {
		source = source == null ? NONE : source;
		note = note == null ? "" : note;
		uncertaintyMillis = Math.max(0, uncertaintyMillis);
	}

	/** Not measured, with the reason. */
	public static AgentClock unknown(String why) {
		return new AgentClock(0, 0, NONE, why);
	}

	/** Whether the offset was measured. */
	public boolean measured() {
		return !NONE.equals(source);
	}
}
