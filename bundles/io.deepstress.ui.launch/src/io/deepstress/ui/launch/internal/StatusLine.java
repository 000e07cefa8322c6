package io.deepstress.ui.launch.internal;

import org.eclipse.swt.widgets.Label;

import io.deepstress.ui.parts.WidgetIds;

/** The Test Configurations view's message line ({@code launch:status}), shared by its forms. */
final class StatusLine {

	private final Label label;

	StatusLine(Label label) {
		this.label = label;
	}

	/** Says {@code text} as news. */
	void say(String text) {
		if (!label.isDisposed()) {
			WidgetIds.message(label, text, false);
		}
	}

	/** Says {@code text} as a refusal or failure. */
	void error(String text) {
		if (!label.isDisposed()) {
			WidgetIds.message(label, text, true);
		}
	}
}
