package io.deepstress.ui.parts;

import java.util.function.Function;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;

/** Text columns of the views' JFace tables, sized by weight in a {@link TableColumnLayout}. */
public final class Columns {

	private Columns() {
	}

	/** Adds a column showing {@code text} of each row (rows of type {@code type}). */
	public static <T> TableViewerColumn text(TableViewer viewer, TableColumnLayout layout, String title, int weight,
			int minimumWidth, Class<T> type, Function<T, String> text) {
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
