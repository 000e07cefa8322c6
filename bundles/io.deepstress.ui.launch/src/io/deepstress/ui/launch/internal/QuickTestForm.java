package io.deepstress.ui.launch.internal;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import io.deepstress.core.launch.SweepLevels;
import io.deepstress.core.model.Endpoint;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;

/**
 * The quick test: an endpoint, concurrency, requests, max tokens and an optional sweep of concurrency levels;
 * Start hands its plan to the view (widgets {@code launch:endpoint}, {@code launch:sweep}, {@code launch:start}, ...).
 */
final class QuickTestForm {

	private final Combo endpoint;
	private final Spinner concurrency;
	private final Spinner requests;
	private final Spinner maxTokens;
	private final Text sweep;
	private final Button start;
	private final StatusLine status;
	private List<Endpoint> endpoints = List.of();

	/** @param launch takes the plan-maker of a quick test when Start is pressed */
	QuickTestForm(Composite parent, StatusLine status, Consumer<LaunchPart.Plans> launch) {
		this.status = status;
		Group quick = new Group(parent, SWT.NONE);
		quick.setText("Quick test (built-in prompts)");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(quick);
		GridLayoutFactory.swtDefaults().numColumns(2).applyTo(quick);
		new Label(quick, SWT.NONE).setText("Endpoint");
		endpoint = WidgetIds.tag(new Combo(quick, SWT.READ_ONLY), "launch:endpoint");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(endpoint);
		concurrency = Forms.spinner(quick, "Concurrency", "launch:concurrency", 1, SweepLevels.MAX_CONCURRENCY, 4);
		requests = Forms.spinner(quick, "Requests", "launch:requests", 1, 1_000_000, 50);
		maxTokens = Forms.spinner(quick, "Max tokens", "launch:max-tokens", 1, 32_768, 128);
		sweep = Forms.text(quick, "Sweep", "launch:sweep", SWT.BORDER);
		sweep.setMessage(SweepLevels.HINT);
		sweep.setToolTipText("Concurrency levels, comma-separated: one run of the requests above per level, one after"
				+ " another, recorded as one batch. Empty: one run at the concurrency above.");
		sweep.addListener(SWT.Modify, e -> concurrency.setEnabled(sweep.getText().isBlank()));
		start = WidgetIds.tag(new Button(quick, SWT.PUSH), "launch:start");
		start.setText("Start");
		GridDataFactory.swtDefaults().span(2, 1).align(SWT.END, SWT.CENTER).applyTo(start);
		start.addListener(SWT.Selection, e -> {
			LaunchPart.Plans plans = plans();
			if (plans != null) {
				launch.accept(plans);
			}
		});
	}

	/** The quick test's plan-maker, or null after saying why there is none. */
	private LaunchPart.Plans plans() {
		if (endpoints.isEmpty() || endpoint.getSelectionIndex() < 0) {
			status.say("Choose an endpoint.");
			return null;
		}
		List<Double> levels;
		try {
			levels = SweepLevels.parse(sweep.getText(), true);
		} catch (IllegalArgumentException refused) {
			status.error("Cannot start: " + refused.getMessage());
			return null;
		}
		Launcher.Quick quick = new Launcher.Quick(endpoints.get(endpoint.getSelectionIndex()), concurrency.getSelection(),
				requests.getSelection(), maxTokens.getSelection());
		return hosts -> List.of(Launcher.quick(quick, levels, hosts));
	}

	/** Fills the endpoint combo, keeping the chosen endpoint (by id) or else choosing the built-in simulator. */
	void showEndpoints(List<Endpoint> list) {
		if (endpoint.isDisposed()) {
			return;
		}
		int current = endpoint.getSelectionIndex();
		String chosen = current >= 0 && current < endpoints.size() ? endpoints.get(current).id() : null;
		endpoints = List.copyOf(list);
		endpoint.setItems(endpoints.stream().map(Endpoint::name).toArray(String[]::new));
		int index = -1;
		for (int i = 0; i < endpoints.size() && chosen != null; i++) {
			if (endpoints.get(i).id().equals(chosen)) {
				index = i;
			}
		}
		for (int i = 0; i < endpoints.size() && index < 0; i++) {
			if (endpoints.get(i).isBuiltin()) {
				index = i;
			}
		}
		if (index < 0 && !endpoints.isEmpty()) {
			index = 0;
		}
		if (index >= 0) {
			endpoint.select(index);
		}
	}

	/** Start is off while a launch runs. */
	void running(boolean on) {
		if (!start.isDisposed()) {
			start.setEnabled(!on);
		}
	}

	boolean isDisposed() {
		return endpoint.isDisposed();
	}

	void setFocus() {
		endpoint.setFocus();
	}
}
