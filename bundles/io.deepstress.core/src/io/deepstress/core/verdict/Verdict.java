package io.deepstress.core.verdict;

/** What a comparison says about one metric of a candidate against its baseline. */
public enum Verdict {
	/** Significantly and practically better (the confidence interval excludes no change, the shift is large enough). */
	BETTER("better"),
	/** Significantly and practically worse: a regression. */
	WORSE("worse"),
	/** No significant change, or a change smaller than the minimum practical effect. */
	NO_CHANGE("no significant change"),
	/** Too few samples on one side to judge. */
	NOT_ENOUGH_DATA("not enough data");

	private final String label;

	Verdict(String label) {
		this.label = label;
	}

	/** The words a table shows. */
	public String label() {
		return label;
	}
}
