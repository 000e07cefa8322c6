package io.deepstress.ui.launch.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.EditingSupport;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TextCellEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.TableItem;

import io.deepstress.core.model.TestConfiguration;
import io.deepstress.ui.parts.Columns;
import io.deepstress.ui.parts.WidgetIds;

/**
 * The datasets of a test configuration: every saved dataset with its prompt count, a check box to use it and
 * a weight to edit (a whole number, at least 1; 1 by default). A dataset the configuration names but the store
 * no longer has is listed as missing, so editing does not drop it silently. The table is tagged
 * {@code config:datasets}, the weight's cell editor {@code config:weight}.
 */
final class DatasetSharesTable {

	/** A dataset of the table: whether it is used, and its weight as typed. */
	private static final class Row {
		final String name;
		final Integer prompts;
		boolean used;
		String weight = "1";

		Row(String name, Integer prompts) {
			this.name = name;
			this.prompts = prompts;
		}
	}

	private final TableViewer viewer;
	private final List<Row> rows = new ArrayList<>();
	private final Runnable changed;

	/**
	 * @param sizes   the datasets to offer, name to prompt count
	 * @param initial the shares to check, or null for a new configuration (the built-in dataset checked)
	 * @param changed told after every change of a check box or a weight
	 */
	DatasetSharesTable(Composite parent, Map<String, Integer> sizes, List<TestConfiguration.Share> initial,
			String builtin, Runnable changed) {
		this.changed = changed;
		sizes.forEach((name, count) -> rows.add(new Row(name, count)));
		rows.sort(Comparator.comparing(r -> r.name.toLowerCase(Locale.ROOT)));
		if (initial == null) {
			find(builtin).ifPresent(r -> r.used = true);
		} else {
			for (TestConfiguration.Share share : initial) {
				Row row = find(share.dataset()).orElseGet(() -> {
					Row missing = new Row(share.dataset(), null);
					rows.add(missing);
					return missing;
				});
				row.used = true;
				row.weight = weight(share.weight());
			}
		}

		viewer = Columns.table(parent, "config:datasets", SWT.BORDER | SWT.CHECK | SWT.FULL_SELECTION | SWT.V_SCROLL);
		Columns.text(viewer, "Dataset", 60, 120, Row.class, r -> r.name);
		Columns.text(viewer, "Prompts", 20, 60, Row.class, r -> r.prompts == null ? "missing" : r.prompts.toString());
		Columns.text(viewer, "Weight", 20, 60, Row.class, r -> r.used ? r.weight : "")
				.setEditingSupport(new WeightEditing());
		viewer.setInput(rows);
		for (TableItem item : viewer.getTable().getItems()) {
			item.setChecked(((Row) item.getData()).used);
		}
		viewer.getTable().addListener(SWT.Selection, e -> {
			if (e.detail == SWT.CHECK && e.item instanceof TableItem item && item.getData() instanceof Row row) {
				row.used = item.getChecked();
				viewer.update(row, null);
				changed.run();
			}
		});
	}

	/** The composite to give layout data. */
	Composite control() {
		return viewer.getTable().getParent();
	}

	/** What keeps the checked datasets from being saved (no dataset, a weight that is not a whole number >= 1), or null. */
	String problem() {
		if (rows.stream().noneMatch(r -> r.used)) {
			return "Check at least one dataset";
		}
		for (Row row : rows) {
			if (row.used && parse(row.weight) < 1) {
				return "The weight of dataset '" + row.name + "' must be a whole number of at least 1, not '" + row.weight
						+ "'";
			}
		}
		return null;
	}

	/** The checked datasets with their weights, in the table's order; throws with {@link #problem()}. */
	List<TestConfiguration.Share> shares() {
		String problem = problem();
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		return rows.stream().filter(r -> r.used).map(r -> new TestConfiguration.Share(r.name, parse(r.weight))).toList();
	}

	private java.util.Optional<Row> find(String name) {
		return rows.stream().filter(r -> r.name.equalsIgnoreCase(name.strip())).findFirst();
	}

	/** The weight as a whole number, or 0 when it is not one. */
	private static int parse(String weight) {
		try {
			return Integer.parseInt(weight.strip());
		} catch (NumberFormatException e) {
			return 0;
		}
	}

	private static String weight(double w) {
		return w == Math.rint(w) ? Long.toString((long) w) : Double.toString(w);
	}

	/** The weight column's cell editor: a text; a weight given to an unchecked dataset checks it. */
	private final class WeightEditing extends EditingSupport {

		private final TextCellEditor editor;

		WeightEditing() {
			super(viewer);
			editor = new TextCellEditor(viewer.getTable());
			WidgetIds.tag(editor.getControl(), "config:weight");
		}

		@Override
		protected CellEditor getCellEditor(Object element) {
			return editor;
		}

		@Override
		protected boolean canEdit(Object element) {
			return true;
		}

		@Override
		protected Object getValue(Object element) {
			return ((Row) element).weight;
		}

		@Override
		protected void setValue(Object element, Object value) {
			Row row = (Row) element;
			row.weight = String.valueOf(value).strip();
			row.used = true;
			for (TableItem item : viewer.getTable().getItems()) {
				if (item.getData() == row) {
					item.setChecked(true);
				}
			}
			viewer.update(row, null);
			changed.run();
		}
	}
}
