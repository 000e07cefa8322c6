package io.deepstress.ui.launch.internal;

import org.eclipse.e4.ui.di.UISynchronize;
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

import io.deepstress.core.model.Dataset;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.tokens.LengthSpec;
import io.deepstress.core.tokens.PromptSynthesizer;
import io.deepstress.core.tokens.SyntheticSpec;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;

/**
 * Synthetic prompts of exact token lengths made into a saved dataset (off the UI thread), which configurations then
 * choose like any other (so a configuration keeps them): input and output lengths ({@code N}, {@code uniform:MIN:MAX},
 * {@code normal:MEAN:SD}, {@code lognormal:MEAN:SD}), shared prefix, salt, seed, tokenizer, count. Widgets
 * {@code launch:synthetic-*}, {@code launch:synthesize}.
 */
final class SyntheticDatasetForm {

	private final Text input;
	private final Text output;
	private final Spinner prefix;
	private final Button salt;
	private final Spinner seed;
	private final Combo tokenizer;
	private final Spinner count;
	private final Text name;
	private final StatusLine status;
	private final ConfigurationStore store;
	private final PromptSynthesizer synthesizer;
	private final TokenizerService tokenizers;
	private final Runnable refresh;
	private final Background work;

	SyntheticDatasetForm(Composite parent, StatusLine status, UISynchronize sync, ConfigurationStore store,
			PromptSynthesizer synthesizer, TokenizerService tokenizers, Runnable refresh) {
		this.status = status;
		this.store = store;
		this.synthesizer = synthesizer;
		this.tokenizers = tokenizers;
		this.refresh = refresh;
		work = new Background("deepstress-synthesize", sync);
		Group group = new Group(parent, SWT.NONE);
		group.setText("Synthetic prompts (exact token lengths)");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(group);
		GridLayoutFactory.swtDefaults().numColumns(4).applyTo(group);
		input = Forms.text(group, "Input tokens", "launch:synthetic-input", SWT.BORDER);
		input.setText("uniform:128:512");
		input.setToolTipText("N, uniform:MIN:MAX, normal:MEAN:SD or lognormal:MEAN:SD (the shared prefix comes on top)");
		output = Forms.text(group, "Output tokens", "launch:synthetic-output", SWT.BORDER);
		output.setText("128");
		output.setToolTipText("Each prompt's max_tokens; for exactly this many, add {\"ignore_eos\": true} to the"
				+ " configuration's extra body (vLLM, SGLang). Empty: the configuration's max tokens.");
		prefix = Forms.spinner(group, "Shared prefix", "launch:synthetic-prefix", 0, 1_000_000, 0);
		prefix.setToolTipText("The same tokens at the start of every prompt, like a system prompt");
		new Label(group, SWT.NONE).setText("Salt");
		salt = WidgetIds.tag(new Button(group, SWT.CHECK), "launch:synthetic-salt");
		salt.setToolTipText("A unique tag after the prefix that defeats the server's prefix cache");
		seed = Forms.spinner(group, "Seed", "launch:synthetic-seed", 0, Integer.MAX_VALUE, 1);
		new Label(group, SWT.NONE).setText("Tokenizer");
		tokenizer = WidgetIds.tag(new Combo(group, SWT.READ_ONLY), "launch:synthetic-tokenizer");
		tokenizer.setItems("cl100k", "o200k");
		tokenizer.select(0);
		count = Forms.spinner(group, "Prompts", "launch:synthetic-count", 1, SyntheticSpec.MAX_COUNT, 100);
		name = Forms.text(group, "Dataset", "launch:synthetic-name", SWT.BORDER);
		name.setMessage("name (default: synthetic-SEED)");
		Button make = Forms.button(group, "Make dataset", "launch:synthesize");
		GridDataFactory.swtDefaults().span(4, 1).align(SWT.END, SWT.CENTER).applyTo(make);
		make.addListener(SWT.Selection, e -> make());
	}

	private void make() {
		if (store == null || synthesizer == null || tokenizers == null) {
			status.say("Synthetic prompts need the records store and the tokenizers bundle.");
			return;
		}
		SyntheticSpec spec;
		try {
			LengthSpec in = LengthSpec.parse(input.getText());
			LengthSpec out = output.getText().isBlank() ? null : LengthSpec.parse(output.getText());
			spec = new SyntheticSpec(in, out, prefix.getSelection(), salt.getSelection(), seed.getSelection(),
					count.getSelection());
		} catch (IllegalArgumentException refused) {
			status.error("Cannot make prompts: " + refused.getMessage());
			return;
		}
		String chosen = tokenizer.getItem(Math.max(0, tokenizer.getSelectionIndex()));
		String given = name.getText().strip();
		String datasetName = given.isEmpty() ? "synthetic-" + spec.seed() : given;
		status.say("Making " + spec.count() + " prompts…");
		work.latest(() -> {
			Dataset made = synthesizer.synthesize(spec, tokenizers.resolve(chosen, null));
			Dataset saved = new Dataset(datasetName, made.prompts());
			store.saveDataset(saved);
			return made.name();
		}, (described, failure) -> {
			if (failure != null) {
				status.error("Cannot make prompts: " + failure.getMessage());
			} else {
				status.say("Made " + spec.count() + " prompts as dataset " + datasetName + " (" + described + ").");
			}
			refresh.run();
		});
	}

	void dispose() {
		work.close();
	}
}
