package io.deepstress.ui.parts;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

/** Fields of the views' forms, in a two-column grid (label, field), each tagged with an id for tests. */
public final class Forms {

	private Forms() {
	}

	/** A label and a text field that takes the rest of the row. */
	public static Text text(Composite parent, String label, String id, int style) {
		new Label(parent, SWT.NONE).setText(label);
		Text t = WidgetIds.tag(new Text(parent, style), id);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(t);
		return t;
	}

	/** A label and a whole-number spinner. */
	public static Spinner spinner(Composite parent, String label, String id, int min, int max, int value) {
		new Label(parent, SWT.NONE).setText(label);
		Spinner s = WidgetIds.tag(new Spinner(parent, SWT.BORDER), id);
		s.setValues(value, min, max, 0, 1, 10);
		GridDataFactory.fillDefaults().hint(90, SWT.DEFAULT).applyTo(s);
		return s;
	}

	/**
	 * A wrapping note in the muted style (hints, status and message lines), tagged {@code id}; its text and
	 * style change through {@link WidgetIds#message}.
	 */
	public static Label note(Composite parent, String id) {
		return WidgetIds.style(WidgetIds.tag(new Label(parent, SWT.WRAP), id), "deepstress-muted");
	}

	/** A push button. */
	public static Button button(Composite parent, String text, String id) {
		Button b = WidgetIds.tag(new Button(parent, SWT.PUSH), id);
		b.setText(text);
		return b;
	}
}
