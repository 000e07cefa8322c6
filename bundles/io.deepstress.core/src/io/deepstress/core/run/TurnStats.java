package io.deepstress.core.run;

/**
 * Time to first token by turn, for runs that play multi-turn conversations: a later turn carries the
 * conversation's history, so a server with prefix caching answers it sooner than its length alone would say.
 * Measured requests that succeeded, as {@link RunSummary#ttft()}.
 *
 * @param firstTurnTtft  the first turns of conversations (of more than one turn)
 * @param laterTurnTtft  their later turns (2nd, 3rd, ...)
 */
public record TurnStats(LatencyStats firstTurnTtft, LatencyStats laterTurnTtft) {

	/** No conversation was played. */
	public static final TurnStats NONE = new TurnStats(LatencyStats.EMPTY, LatencyStats.EMPTY);

	/** Whether any conversation turn was measured. */
	public boolean any() {
		return firstTurnTtft.count() + laterTurnTtft.count() > 0;
	}
}
