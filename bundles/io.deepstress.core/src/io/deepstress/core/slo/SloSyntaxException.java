package io.deepstress.core.slo;

/** An SLO expression that does not parse; the message names the offending part. */
public final class SloSyntaxException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String part;

	public SloSyntaxException(String part, String why) {
		super("Bad SLO part '" + part + "': " + why);
		this.part = part;
	}

	/** The part of the expression that does not parse, as written. */
	public String part() {
		return part;
	}
}
