package io.deepstress.ui.parts;

import java.util.function.Function;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;

/**
 * The views' JFace tables: each in a composite of its own laid out by a {@link TableColumnLayout} (columns
 * sized by weight), header and lines shown, a list as input; and their text columns.
 */
public final class Columns {

	private Columns() {
	}

	/**
	 * A table in a new composite under {@code parent}, tagged {@code id}. Give layout data to
	 * {@code viewer.getTable().getParent()}.
	 */
	public static TableViewer table(Composite parent, String id, int style) {
		Composite box = new Composite(parent, SWT.NONE);
		box.setLayout(new TableColumnLayout());
		TableViewer viewer = new TableViewer(box, style);
		WidgetIds.tag(viewer.getTable(), id);
		viewer.getTable().setHeaderVisible(true);
		viewer.getTable().setLinesVisible(true);
		viewer.setContentProvider(ArrayContentProvider.getInstance());
		return viewer;
	}

	/** Adds a column showing {@code text} of each row (rows of type {@code type}) to a {@link #table}. */
	public static <T> TableViewerColumn text(TableViewer viewer, String title, int weight, int minimumWidth,
			Class<T> type, Function<T, String> text) {
		TableColumnLayout layout = (TableColumnLayout) viewer.getTable().getParent().getLayout();
		TableViewerColumn column = new TableViewerColumn(viewer, SWT.NONE);
		column.getColumn().setText(title);
		layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, minimumWidth));
		column.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return text.apply(type.cast(element));
			}
		});
		return column;
	}
}
