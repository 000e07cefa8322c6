package io.deepstress.ui.internal.about;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.deepstress.ui.parts.WidgetIds;

/** Help &gt; About DeepStress. Values are read-only text fields so they can be selected and copied. */
public final class AboutDialog extends Dialog {

	private final AboutInfo info;

	public AboutDialog(Shell parent, AboutInfo info) {
		super(parent);
		this.info = info;
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText("About DeepStress");
		WidgetIds.tag(shell, "about");
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		GridLayoutFactory.swtDefaults().numColumns(2).margins(12, 12).spacing(12, 6).applyTo(area);

		Label title = WidgetIds.style(new Label(area, SWT.NONE), "deepstress-heading");
		title.setText("DeepStress");
		GridDataFactory.fillDefaults().span(2, 1).applyTo(title);
		Label blurb = new Label(area, SWT.WRAP);
		blurb.setText("Stress tests for OpenAI-compatible LLM inference endpoints, with GPU telemetry.");
		GridDataFactory.fillDefaults().span(2, 1).hint(460, SWT.DEFAULT).applyTo(blurb);

		row(area, "Version", info.version(), "about:version");
		row(area, "Java", info.java(), "about:java");
		row(area, "Data directory", info.dataDirectory(), "about:data");
		return area;
	}

	private static void row(Composite parent, String name, String value, String id) {
		new Label(parent, SWT.NONE).setText(name + ":");
		Text text = WidgetIds.tag(new Text(parent, SWT.READ_ONLY), id);
		text.setText(value);
		GridDataFactory.fillDefaults().grab(true, false).hint(420, SWT.DEFAULT).applyTo(text);
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
	}
}
