package io.deepstress.core.datasets;

/**
 * A record of an imported file that was left out, and why.
 *
 * @param line   the 1-based line where the record starts
 * @param reason what is wrong with it, for the user
 */
public record ImportProblem(long line, String reason) {
	@Override
	public String toString() {
		return "line " + line + ": " + reason;
	}
}
