package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.deepstress.core.datasets.DatasetFormat;
import io.deepstress.core.datasets.DatasetImporter;
import io.deepstress.core.datasets.ImportProblem;
import io.deepstress.core.datasets.ImportRequest;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.RunConfig;
import picocli.CommandLine.Option;

/**
 * {@code run --dataset KIND:FILE[:WEIGHT]|NAME[:WEIGHT]} (repeatable) and {@code --multi-turn}: imported files and
 * saved or built-in datasets beside (or instead of) {@code --prompts}.
 */
final class DatasetSpecs {

	/** How many of a file's problems a run prints (all are counted). */
	private static final int SHOWN_PROBLEMS = 10;

	@Option(names = "--dataset", paramLabel = "SPEC", description = { "sharegpt:FILE, messages:FILE, csv:FILE:COLUMN,"
			+ " trace:FILE or the NAME of a saved or built-in dataset (deepstress datasets list); :WEIGHT after it as"
			+ " for --prompts (repeatable)" })
	List<String> specs = new ArrayList<>();

	@Option(names = "--multi-turn", description = { "play conversations turn by turn with their history (the"
			+ " assistant's real answers appended); without it only a conversation's first user turn is sent" })
	boolean multiTurn;

	/** What one {@code --dataset} names. */
	record Spec(String kind, String file, String column, double weight) {
	}

	/** Parses one spec; {@code kind} is null for a dataset name (then {@code file} holds the name). */
	static Spec parse(String spec) throws UsageException {
		String s = spec.strip();
		int colon = s.indexOf(':');
		String kind = colon > 0 ? s.substring(0, colon).toLowerCase(Locale.ROOT) : null;
		if (kind != null && !List.of("sharegpt", "messages", "csv", "trace", "text").contains(kind)) {
			kind = null;
		}
		String rest = kind == null ? s : s.substring(colon + 1);
		double weight = 1;
		int last = rest.lastIndexOf(':');
		boolean weighted = last > 0 && rest.substring(last + 1).matches("[0-9]+(\\.[0-9]+)?")
				&& (!"csv".equals(kind) || rest.indexOf(':') < last);
		if (weighted) {
			weight = Double.parseDouble(rest.substring(last + 1));
			rest = rest.substring(0, last);
			if (!(weight > 0)) {
				throw new UsageException("--dataset " + spec + ": the weight must be > 0");
			}
		}
		String column = null;
		if ("csv".equals(kind)) {
			int c = rest.lastIndexOf(':');
			if (c <= 0 || c == rest.length() - 1) {
				throw new UsageException("--dataset " + spec + ": a CSV dataset is csv:FILE:COLUMN (the column that holds"
						+ " the prompts)");
			}
			column = rest.substring(c + 1);
			rest = rest.substring(0, c);
		}
		if (rest.isBlank()) {
			throw new UsageException("--dataset " + spec + ": " + (kind == null ? "no dataset name" : "no file"));
		}
		return new Spec(kind, rest, column, weight);
	}

	/**
	 * The run with these datasets: they replace the built-in prompts when no {@code --prompts} was given, else
	 * join them. Without {@code --multi-turn} every prompt keeps only its first turn.
	 */
	RunConfig into(RunConfig config, boolean promptsGiven, Services services, PrintStream err) throws Exception {
		if (specs.isEmpty() && !multiTurn) {
			return config;
		}
		List<DatasetShare> shares = new ArrayList<>();
		if (promptsGiven || specs.isEmpty() || trace() != null) {
			shares.addAll(config.datasets());
		}
		for (String s : specs) {
			Spec spec = parse(s);
			if ("trace".equals(spec.kind())) {
				continue; // replayed by TokenOptions: its prompts and arrival times replace the run's
			}
			shares.add(share(spec, s, services, err));
		}
		List<DatasetShare> played = new ArrayList<>();
		boolean conversations = false;
		for (DatasetShare share : shares) {
			conversations |= share.dataset().prompts().stream().anyMatch(Prompt::multiTurn);
			played.add(multiTurn ? share : new DatasetShare(firstTurns(share.dataset()), share.weight()));
		}
		if (multiTurn && !conversations) {
			err.println("deepstress run: --multi-turn: no dataset has conversations of more than one user turn;"
					+ " every request is a single turn");
		}
		return new RunConfig(config.name(), config.target(), config.request(), played, config.load(), config.limits(),
				config.timeouts(), config.retry());
	}

	private DatasetShare share(Spec spec, String text, Services services, PrintStream err) throws Exception {
		if (spec.kind() == null) {
			Dataset d = Library.store(services).dataset(spec.file()).orElseThrow(() -> new UsageException(
					"--dataset " + text + ": no dataset named '" + spec.file() + "' (see deepstress datasets list; a file"
							+ " is sharegpt:FILE, messages:FILE, csv:FILE:COLUMN or --prompts FILE)"));
			return new DatasetShare(d, spec.weight());
		}
		DatasetImporter importer = services.get(DatasetImporter.class);
		DatasetFormat format = DatasetFormat.of(spec.kind());
		DatasetImporter.Imported imported;
		try {
			imported = importer.readDataset(new ImportRequest(Path.of(spec.file()), format, spec.column(), multiTurn),
					null);
		} catch (IllegalArgumentException e) {
			throw new UsageException("--dataset " + text + ": " + e.getMessage());
		}
		report(err, "deepstress run: --dataset " + text, imported);
		return new DatasetShare(imported.dataset(), spec.weight());
	}

	/**
	 * The file of a {@code --dataset trace:FILE}, or null without one.
	 *
	 * @throws UsageException when a trace is given with other datasets or twice
	 */
	Path trace() throws UsageException {
		Path trace = null;
		for (String s : specs) {
			Spec spec = parse(s);
			if ("trace".equals(spec.kind())) {
				if (trace != null || specs.size() > 1) {
					throw new UsageException("--dataset " + s + ": a trace is replayed alone (no other --dataset)");
				}
				trace = Path.of(spec.file());
			}
		}
		return trace;
	}

	/** Prints what an import left out (the first problems with their lines, then how many more). */
	static void report(PrintStream err, String what, DatasetImporter.Imported imported) {
		long count = imported.report().problemCount();
		if (count == 0) {
			return;
		}
		err.println(what + ": " + count + (count == 1 ? " record" : " records") + " left out, "
				+ imported.report().prompts() + " kept:");
		List<ImportProblem> problems = imported.report().problems();
		for (int i = 0; i < Math.min(SHOWN_PROBLEMS, problems.size()); i++) {
			err.println("  " + problems.get(i));
		}
		if (count > SHOWN_PROBLEMS) {
			err.println("  ... and " + (count - SHOWN_PROBLEMS) + " more");
		}
	}

	private static Dataset firstTurns(Dataset d) {
		if (d.prompts().stream().noneMatch(Prompt::multiTurn)) {
			return d;
		}
		return new Dataset(d.name(), d.prompts().stream()
				.map(p -> new Prompt(p.id(), p.text(), List.of(), p.inputTokens(), p.outputTokens())).toList());
	}
}
