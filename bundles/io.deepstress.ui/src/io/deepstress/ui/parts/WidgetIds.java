package io.deepstress.ui.parts;

import org.eclipse.swt.widgets.Widget;

/**
 * Stable identifiers for widgets, set with {@link Widget#setData(String, Object)} under {@link #KEY}, so
 * UI tests and accessibility tools find a widget without depending on its position or label.
 */
public final class WidgetIds {

	/** Data key under which a widget's id is stored. */
	public static final String KEY = "io.deepstress.widget";

	/** Data key of e4's CSS engine for a widget's style class ({@code CSSSWTConstants.CSS_CLASS_NAME_KEY}). */
	public static final String CSS_CLASS = "org.eclipse.e4.ui.css.CssClassName";

	private WidgetIds() {
	}

	/** Sets the id of a widget and returns the widget. */
	public static <W extends Widget> W tag(W widget, String id) {
		widget.setData(KEY, id);
		return widget;
	}

	/** Sets the CSS class of a widget and returns the widget. */
	public static <W extends Widget> W style(W widget, String cssClass) {
		widget.setData(CSS_CLASS, cssClass);
		return widget;
	}

	/**
	 * Shows a message in a view's message label, as an error ({@code deepstress-error}) or a note
	 * ({@code deepstress-muted}), and lays its parent out again for the new text.
	 */
	public static void message(org.eclipse.swt.widgets.Label label, String text, boolean error) {
		label.setText(text);
		style(label, error ? "deepstress-error" : "deepstress-muted");
		label.getParent().layout(true, true);
	}
}
