package io.deepstress.core.model;

import java.util.ArrayList;
import java.util.List;

/** Datasets that come with DeepStress. */
public final class Datasets {

	/** Name of the built-in dataset. */
	public static final String BUILTIN = "builtin";

	private Datasets() {
	}

	/** 64 varied short prompts (named {@value #BUILTIN}), for a test without a prompt file. */
	public static Dataset builtin() {
		String[] topics = { "the history of the printing press", "how a transformer model attends to tokens",
				"why the sky is blue", "the rules of chess", "photosynthesis", "the French revolution",
				"how vaccines work", "the water cycle", "black holes", "the stock market", "plate tectonics",
				"the immune system", "quantum entanglement", "the Roman empire", "compilers", "coral reefs" };
		String[] asks = { "Explain %s to a twelve-year-old.", "Write three bullet points about %s.",
				"Summarise %s in one paragraph.", "What are common misconceptions about %s?" };
		List<Prompt> prompts = new ArrayList<>();
		int n = 0;
		for (String ask : asks) {
			for (String topic : topics) {
				prompts.add(new Prompt(String.valueOf(++n), String.format(ask, topic)));
			}
		}
		return new Dataset(BUILTIN, prompts);
	}
}
