package io.deepstress.ui.parts;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import jakarta.annotation.PostConstruct;

/**
 * A part that shows its title and a short description of what it will hold. Perspective bundles use it
 * from their model fragments ({@code bundleclass://io.deepstress.ui/io.deepstress.ui.parts.PlaceholderPart})
 * for views whose content comes in a later release; the description is the part's persisted-state entry
 * {@value #DESCRIPTION}. The root composite is tagged {@code placeholder:<part id>}.
 */
public final class PlaceholderPart {

	/** Persisted-state key of the description text. */
	public static final String DESCRIPTION = "description";

	private Composite root;

	@PostConstruct
	void create(Composite parent, MPart part) {
		root = WidgetIds.tag(new Composite(parent, SWT.NONE), "placeholder:" + part.getElementId());
		GridLayoutFactory.swtDefaults().margins(16, 16).spacing(8, 8).applyTo(root);

		Label title = WidgetIds.style(new Label(root, SWT.NONE), "deepstress-heading");
		title.setText(part.getLocalizedLabel() == null ? "" : part.getLocalizedLabel());

		Label description = WidgetIds.style(new Label(root, SWT.WRAP), "deepstress-muted");
		String text = part.getPersistedState().get(DESCRIPTION);
		description.setText(text == null ? "" : text);
		GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).applyTo(description);
	}

	@Focus
	void focus() {
		root.setFocus();
	}
}
