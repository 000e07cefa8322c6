package io.deepstress.ui.records.internal;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import io.deepstress.core.capacity.CapacityRecord;
import io.deepstress.core.capacity.CapacityStore;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.WidgetIds;

/**
 * The answer of the capacity search a shown batch is (when it is one), under the batch filter of the runs list:
 * "Capacity search, complete: 48 concurrent users at ...", or "partial" with why; read off the UI thread. The label
 * is tagged {@code records:batch-capacity}.
 */
final class BatchCapacity implements AutoCloseable {

	private final Label label;
	private final Background background;
	private final CapacityStore searches;

	BatchCapacity(Composite bar, int columns, CapacityStore searches, UISynchronize sync) {
		this.searches = searches;
		this.background = new Background("deepstress-records-capacity", sync);
		label = WidgetIds.tag(new Label(bar, SWT.WRAP), "records:batch-capacity");
		GridDataFactory.fillDefaults().grab(true, false).span(columns, 1).hint(400, SWT.DEFAULT).applyTo(label);
		show(null);
	}

	/** Shows the search of this batch, or nothing (null, or a batch that is no search). */
	void show(String batchId) {
		if (batchId == null || searches == null) {
			background.cancelPending();
			set("");
			return;
		}
		background.latest(() -> searches.find(batchId).map(BatchCapacity::text).orElse(""), (text, failure) -> set(
				failure != null ? "The capacity search of this batch could not be read: " + failure.getMessage() : text));
	}

	static String text(CapacityRecord r) {
		return "Capacity search, " + (r.complete() ? "complete" : "partial (" + r.stop() + ", " + r.levels().size()
				+ (r.levels().size() == 1 ? " level" : " levels") + " finished)") + ": " + r.message();
	}

	private void set(String text) {
		if (label.isDisposed()) {
			return;
		}
		label.setText(text);
		label.setToolTipText(text.isEmpty() ? null : text);
		((org.eclipse.swt.layout.GridData) label.getLayoutData()).exclude = text.isEmpty();
		label.setVisible(!text.isEmpty());
		label.getParent().getParent().layout(true, true);
	}

	/** For tests: the text shown. */
	String shown() {
		return label.getText();
	}

	@Override
	public void close() {
		background.close();
	}
}
