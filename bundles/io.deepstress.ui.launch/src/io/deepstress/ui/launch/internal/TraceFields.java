package io.deepstress.ui.launch.internal;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import io.deepstress.core.trace.TraceReplay;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;

/**
 * The configuration dialog's trace replay fields: the trace file (Mooncake JSON Lines, with Browse...), its speed,
 * where in it to start, and the tokenizer its prompts are cut with. Tagged {@code config:trace-*}. The file is read
 * when a run starts, so a configuration follows an edited trace as it follows an edited dataset.
 */
final class TraceFields {

	private final Text file;
	private final Button browse;
	private final Text speed;
	private final Text start;
	private final Text tokenizer;

	TraceFields(Composite parent) {
		new Label(parent, SWT.NONE).setText("Trace file (JSON Lines)");
		Composite row = new Composite(parent, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(2).applyTo(row);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
		file = WidgetIds.tag(new Text(row, SWT.BORDER), "config:trace-file");
		file.setMessage("timestamp (ms), input_length, output_length, hash_ids per line");
		GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(file);
		browse = Forms.button(row, "Browse...", "config:trace-browse");
		browse.addListener(SWT.Selection, e -> {
			FileDialog dialog = new FileDialog(parent.getShell(), SWT.OPEN);
			dialog.setFilterExtensions(new String[] { "*.jsonl;*.json", "*" });
			String chosen = dialog.open();
			if (chosen != null) {
				file.setText(chosen);
			}
		});
		speed = Forms.text(parent, "Trace speed (2: twice as fast)", "config:trace-speed", SWT.BORDER);
		start = Forms.text(parent, "Trace start (skip seconds)", "config:trace-start", SWT.BORDER);
		tokenizer = Forms.text(parent, "Trace tokenizer", "config:trace-tokenizer", SWT.BORDER);
		tokenizer.setToolTipText("What the prompts are cut to the trace's lengths with: cl100k, o200k, server (the"
				+ " endpoint's /tokenize) or the path of the model's tokenizer.json");
	}

	void fill(TraceReplay trace) {
		file.setText(trace == null ? "" : trace.file());
		speed.setText(trace == null ? "1" : number(trace.speed()));
		start.setText(trace == null ? "0" : number(trace.startSeconds()));
		tokenizer.setText(trace == null ? "cl100k" : trace.tokenizer());
	}

	void setEnabled(boolean enabled) {
		for (var c : new org.eclipse.swt.widgets.Control[] { file, browse, speed, start, tokenizer }) {
			c.setEnabled(enabled);
		}
	}

	/** The replay the fields describe, keeping {@code seed}; throws IllegalArgumentException for the user. */
	TraceReplay read(long seed) {
		return new TraceReplay(file.getText(), parse(speed, "The trace speed"), parse(start, "The trace start"),
				tokenizer.getText(), seed);
	}

	private static double parse(Text field, String what) {
		try {
			return Double.parseDouble(field.getText().strip().replace(',', '.'));
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(what + " must be a number, not '" + field.getText().strip() + "'");
		}
	}

	private static String number(double d) {
		return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
	}
}
