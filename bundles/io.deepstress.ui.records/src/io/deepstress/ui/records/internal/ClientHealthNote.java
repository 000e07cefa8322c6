package io.deepstress.ui.records.internal;

import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import io.deepstress.core.run.ClientHealthReport;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunSummary;
import io.deepstress.ui.parts.WidgetIds;

/**
 * The Records list's client-limited marker (its "Client" column) and, for one selected run, the fidelity
 * watchdog's details under the list ({@code records:client-health}): why the run was stamped client-limited, and
 * what the watchdog measured.
 */
final class ClientHealthNote {

	private final Label label;

	ClientHealthNote(Composite parent) {
		label = WidgetIds.tag(new Label(parent, SWT.WRAP), "records:client-health");
	}

	Label label() {
		return label;
	}

	/** The "Client" column: {@code limited}, {@code ok}, or empty for a run measured before the watchdog. */
	static String column(RunRecord r) {
		return r.summary().clientLimited() ? "limited" : r.summary().clientHealth() == null ? "" : "ok";
	}

	/** Shows the details of the one selected run (nothing for none or several). */
	void show(List<RunRecord> rows) {
		String text = rows.size() == 1 ? text(rows.get(0).summary()) : "";
		if (!text.equals(label.getText())) {
			label.setText(text);
			label.setForeground(rows.size() == 1 && rows.get(0).summary().clientLimited()
					? label.getDisplay().getSystemColor(SWT.COLOR_DARK_RED) : null);
			label.getParent().layout(true);
		}
	}

	static String text(RunSummary s) {
		ClientHealthReport h = s.clientHealth();
		StringBuilder b = new StringBuilder();
		if (s.clientLimited()) {
			b.append("Client-limited: ").append(String.join("; ", s.clientLimitedReasons()))
					.append(". Its figures show this machine's limits, not only the server's.");
		}
		if (h != null) {
			if (b.length() > 0) {
				b.append('\n');
			}
			b.append(String.format(Locale.ROOT, "Watchdog: CPU %s %% of a core (%d cores), steal %s %%, probe lag p99 %s ms, %s, GC pauses %s ms.",
					num(h.processCpuPercentOfCore(), 0), h.cores(), num(h.stealPercent(), 1), num(h.probeLagP99Ms(), 1),
					h.sends() == 0 ? "closed loop (no send schedule)"
							: "send lateness p99 " + num(h.sendLatenessP99Ms(), 2) + " ms",
					num(h.gcPauseTotalMs(), 0)));
		}
		return b.toString();
	}

	private static String num(double v, int decimals) {
		return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
	}
}
