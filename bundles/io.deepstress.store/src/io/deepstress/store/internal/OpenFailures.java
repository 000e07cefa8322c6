package io.deepstress.store.internal;

import java.nio.file.Path;
import java.sql.SQLException;

/** What a user is told when the records database cannot be opened. */
final class OpenFailures {

	private OpenFailures() {
	}

	static String describe(Throwable e, Path dir) {
		if (e instanceof StoreLocator.NotSharedException) {
			return e.getMessage();
		}
		if (mentions(e, "XSDB6", 0)) {
			return "The records database " + dir + " is in use by another DeepStress (only one process can open it at a"
					+ " time); records will not be saved in this one.";
		}
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof SQLException sql && (t.getCause() == null || !(t.getCause() instanceof SQLException))) {
				return "The records database " + dir + " cannot be opened: " + sql.getMessage()
						+ " (nothing was deleted; move it aside or start with -Ddeepstress.db=ANOTHER_DIR)";
			}
		}
		return "The records database " + dir + " cannot be opened: " + e.getMessage()
				+ " (nothing was deleted; move it aside or start with -Ddeepstress.db=ANOTHER_DIR)";
	}

	/** Whether the database is booted by another JVM (Derby's XSDB6). */
	static boolean inUse(Throwable e) {
		return mentions(e, "XSDB6", 0);
	}

	/** Whether an SQL state or message in the cause / next-exception chain mentions {@code code}. */
	private static boolean mentions(Throwable t, String code, int depth) {
		if (t == null || depth > 20) {
			return false;
		}
		if (String.valueOf(t.getMessage()).contains(code)
				|| t instanceof SQLException sql && code.equals(sql.getSQLState())) {
			return true;
		}
		if (t instanceof SQLException sql && mentions(sql.getNextException(), code, depth + 1)) {
			return true;
		}
		return t.getCause() != t && mentions(t.getCause(), code, depth + 1);
	}
}
