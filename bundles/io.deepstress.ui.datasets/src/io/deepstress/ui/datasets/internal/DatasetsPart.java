package io.deepstress.ui.datasets.internal;

import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import io.deepstress.core.datasets.DatasetImporter;
import io.deepstress.core.datasets.LengthHistogram;
import io.deepstress.core.events.ConfigTopics;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The datasets: saved ones and those of plug-ins (the built-in ones among them) in a table, the selected one's
 * token-length histogram (cl100k) as a chart, and the import form ({@link ImportForm}). The store and the
 * tokenizer are used off the UI thread only. Widgets are tagged {@code datasets:*}.
 */
public final class DatasetsPart {

	@Inject
	@Service
	@Optional
	private ConfigurationStore store;

	@Inject
	@Service
	@Optional
	private DatasetImporter importer;

	@Inject
	@Service
	@Optional
	private TokenizerService tokenizers;

	@Inject
	private UISynchronize sync;

	private Background lists;
	private Background lengths;
	private Table table;
	private LengthChart chart;
	private Label summary;
	private ImportForm form;
	/** The dataset to select once the table is next filled (a fresh import), or null to keep the selection. */
	private String pendingSelection;

	/** A dataset's figures for the chart and the summary line. */
	private record Lengths(String name, int prompts, long conversations, String tokenizer, LengthHistogram histogram) {
	}

	@PostConstruct
	void create(Composite parent) {
		lists = new Background("deepstress-datasets-list", sync);
		lengths = new Background("deepstress-datasets-lengths", sync);
		GridLayoutFactory.swtDefaults().numColumns(2).applyTo(parent);
		table = WidgetIds.tag(new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE), "datasets:table");
		table.setHeaderVisible(true);
		for (String[] c : new String[][] { { "Name", "220" }, { "Prompts", "80" }, { "From", "220" } }) {
			TableColumn column = new TableColumn(table, SWT.NONE);
			column.setText(c[0]);
			column.setWidth(Integer.parseInt(c[1]));
		}
		GridDataFactory.fillDefaults().grab(true, true).span(2, 1).hint(SWT.DEFAULT, 160).applyTo(table);
		table.addListener(SWT.Selection, e -> showSelected());
		summary = Forms.note(parent, "datasets:summary");
		GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(summary);
		chart = new LengthChart(parent);
		form = new ImportForm(parent, sync, () -> importer, () -> store, this::imported);
		refresh(null);
	}

	@Inject
	@Optional
	void changed(@UIEventTopic(ConfigTopics.CHANGED) Object what) {
		if (table != null && !table.isDisposed()) {
			refresh(null);
		}
	}

	private void imported(String name) {
		refresh(name);
	}

	/** Reloads the table, then selects {@code select} (or keeps the selection). */
	private void refresh(String select) {
		if (select != null) {
			pendingSelection = select;
		}
		lists.latest(() -> store == null ? List.<String[]>of() : store.datasets().stream()
				.map(d -> new String[] { d.name(), String.valueOf(d.prompts().size()),
						store.datasetProvider(d.name()).map(p -> "plug-in " + p).orElse("saved") })
				.toList(), (rows, failure) -> {
					if (table.isDisposed()) {
						return;
					}
					String keep = pendingSelection != null ? pendingSelection : selectedName();
					pendingSelection = null;
					table.removeAll();
					if (failure != null) {
						WidgetIds.message(summary, "The datasets could not be read: " + failure.getMessage(), true);
						return;
					}
					for (String[] row : rows) {
						new TableItem(table, SWT.NONE).setText(row);
					}
					for (int i = 0; i < table.getItemCount(); i++) {
						if (table.getItem(i).getText(0).equals(keep)) {
							table.setSelection(i);
							showSelected();
						}
					}
				});
	}

	private String selectedName() {
		return table != null && table.getSelectionCount() == 1 ? table.getSelection()[0].getText(0) : null;
	}

	private void showSelected() {
		String name = selectedName();
		if (name == null) {
			return;
		}
		WidgetIds.message(summary, "Counting the tokens of " + name + "...", false);
		lengths.latest(() -> lengths(name), (l, failure) -> {
			if (summary.isDisposed()) {
				return;
			}
			if (failure != null || l == null) {
				WidgetIds.message(summary, failure != null ? "Could not count " + name + ": " + failure.getMessage()
						: "No dataset named " + name, true);
				chart.show(name, null);
				return;
			}
			WidgetIds.message(summary, l.name() + ": " + l.prompts() + " prompts"
					+ (l.conversations() > 0 ? ", " + l.conversations() + " conversations of several turns" : "")
					+ String.format(java.util.Locale.ROOT, "; %s tokens min %d, mean %.1f, max %d", l.tokenizer(),
							l.histogram().min(), l.histogram().mean(), l.histogram().max()), false);
			chart.show(l.name() + " (" + l.tokenizer() + ")", l.histogram());
		});
	}

	private Lengths lengths(String name) {
		Dataset d = store == null ? null : store.dataset(name).orElse(null);
		if (d == null) {
			return null;
		}
		if (tokenizers == null) {
			throw new IllegalStateException("no tokenizer service is installed");
		}
		Tokenizer cl100k = tokenizers.resolve("cl100k", null);
		LengthHistogram h = new LengthHistogram();
		long conversations = 0;
		for (Prompt p : d.prompts()) {
			h.add(cl100k.count(p.text()));
			conversations += p.multiTurn() ? 1 : 0;
		}
		return new Lengths(d.name(), d.prompts().size(), conversations, cl100k.id(), h);
	}

	@PreDestroy
	void dispose() {
		lists.close();
		lengths.close();
		form.close();
	}
}
