package io.deepstress.ui.launch.internal;

import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import io.deepstress.core.run.ClientHealthReport;
import io.deepstress.core.run.RunSummary;
import io.deepstress.ui.parts.WidgetIds;

/**
 * The Live Run view's warning that this client, not the server, limits the running test
 * ({@code live:client-health}): shown from the watchdog's window events while it happens, kept (as "was
 * limited") when the client keeps up again, and at the end replaced by the run's own stamp.
 */
final class ClientHealthWarning {

	private final Label label;
	private boolean wasLimited;

	ClientHealthWarning(Composite parent) {
		label = WidgetIds.tag(new Label(parent, SWT.WRAP), "live:client-health");
		label.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
	}

	Label label() {
		return label;
	}

	/** A new run: no warning yet. */
	void clear() {
		wasLimited = false;
		set("");
	}

	/** The watchdog's last window of the followed run. */
	void window(ClientHealthReport report) {
		if (report.clientLimited()) {
			wasLimited = true;
			set("Client-limited now: " + String.join("; ", report.reasons())
					+ ". This machine, not the server, is the bottleneck: the figures show its limits.");
		} else if (wasLimited) {
			set(String.format(Locale.ROOT, "The client keeps up again (it was limited earlier in this run; last second:"
					+ " probe lag p99 %.1f ms).", report.probeLagP99Ms()));
		}
	}

	/** The run ended: its stamp, or nothing when it was not client-limited. */
	void ended(RunSummary summary) {
		set(summary.clientLimited()
				? "Client-limited run: " + String.join("; ", summary.clientLimitedReasons())
						+ ". Its figures show this machine's limits, not only the server's."
				: "");
	}

	private void set(String text) {
		if (!label.isDisposed() && !text.equals(label.getText())) {
			label.setText(text);
			label.getParent().layout(true);
		}
	}
}
