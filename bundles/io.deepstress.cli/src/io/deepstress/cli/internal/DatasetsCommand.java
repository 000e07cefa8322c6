package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.deepstress.core.datasets.DatasetFormat;
import io.deepstress.core.datasets.DatasetImporter;
import io.deepstress.core.datasets.ImportRequest;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.services.ConfigurationStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepstress datasets list|import|show|remove}: saved prompt datasets. */
@Command(name = "datasets", description = "list, import, show or remove saved prompt datasets")
final class DatasetsCommand implements Callable<Integer> {

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	DatasetsCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() throws UsageException {
		throw new UsageException("say what to do: list, import, show or remove");
	}

	@Command(name = "list", description = "the saved datasets and those of plug-ins")
	int list() throws Exception {
		ConfigurationStore store = Library.store(services);
		out.printf(Locale.ROOT, "%-32s  %7s  %-30s  %s%n", "name", "prompts", "from", "first prompt");
		for (Dataset d : store.datasets()) {
			String first = d.prompts().get(0).text().replaceAll("\\s+", " ");
			String from = store.datasetProvider(d.name()).map(p2 -> "plug-in " + p2).orElse("saved");
			out.printf(Locale.ROOT, "%-32s  %7d  %-30s  %s%n", d.name(), d.prompts().size(),
					from.length() > 30 ? from.substring(0, 27) + "..." : from,
					first.length() > 60 ? first.substring(0, 57) + "..." : first);
		}
		return 0;
	}

	@Command(name = "import", description = { "save the prompts of FILE as a dataset; importing a name again replaces its"
			+ " prompts. Records that cannot be read are left out and listed with their line" })
	int importFile(@Parameters(paramLabel = "FILE", arity = "0..*", description = "the prompts") List<String> files,
			@Option(names = "--name", paramLabel = "NAME", description = "the dataset's name (default: the file name"
					+ " without its extension)") String name,
			@Option(names = "--format", paramLabel = "F", defaultValue = "text", description = { "text (one prompt per"
					+ " line, or JSON Lines with \"prompt\"), sharegpt (JSON array or JSON Lines), messages (OpenAI"
					+ " chat JSON Lines) or csv (with --column, or csv:COLUMN); default text" }) String format,
			@Option(names = "--column", paramLabel = "COLUMN", description = "the CSV column (header name or 1-based"
					+ " number) that holds the prompts") String column,
			@Option(names = "--multi-turn", description = "keep a conversation's later user turns (sharegpt, messages);"
					+ " otherwise only its first user turn") boolean multiTurn) throws Exception {
		Path file = Path.of(Library.single(files, "import takes one file"));
		String f = format;
		String col = column;
		int colon = f.indexOf(':');
		if (colon > 0) {
			col = col != null ? col : f.substring(colon + 1);
			f = f.substring(0, colon);
		}
		DatasetFormat kind;
		ImportRequest request;
		try {
			kind = DatasetFormat.of(f);
			request = new ImportRequest(file, kind, kind == DatasetFormat.CSV ? col : null, multiTurn);
		} catch (IllegalArgumentException e) {
			throw new UsageException("--format: " + e.getMessage() + (f.equalsIgnoreCase("csv") ? " (--column NAME)" : ""));
		}
		DatasetImporter.Imported imported;
		try {
			imported = services.get(DatasetImporter.class).readDataset(request, name);
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		Dataset d = imported.dataset();
		Library.store(services).saveDataset(d);
		long conversations = d.prompts().stream().filter(p -> p.multiTurn()).count();
		out.println("Saved dataset " + d.name() + " (" + d.prompts().size() + (d.prompts().size() == 1 ? " prompt" : " prompts")
				+ (conversations > 0 ? ", " + conversations + " of them conversations of several turns" : "") + ")");
		DatasetSpecs.report(err, "deepstress datasets import " + file, imported);
		return 0;
	}

	@Command(name = "show", description = { "a dataset's prompt count and the token lengths of its prompts as a"
			+ " histogram" })
	int show(@Parameters(paramLabel = "NAME", arity = "0..*", description = "the dataset's name") List<String> names,
			@Option(names = "--tokenizer", paramLabel = "cl100k|o200k|PATH", defaultValue = "cl100k",
					description = "counts the tokens (default cl100k)") String tokenizer) throws Exception {
		String name = Library.single(names, "show takes the dataset's name");
		ConfigurationStore store = Library.store(services);
		Dataset d = store.dataset(name).orElseThrow(
				() -> new UsageException("no dataset named '" + name + "' (see deepstress datasets list)"));
		DatasetPreview.print(out, d, store.datasetProvider(d.name()).map(p -> "plug-in " + p).orElse("saved"),
				DatasetPreview.tokenizer(services, tokenizer));
		return 0;
	}

	@Command(name = "remove", description = "forget a saved dataset (not one a configuration uses)")
	int remove(@Parameters(paramLabel = "NAME", arity = "0..*", description = "the dataset's name") List<String> names)
			throws Exception {
		String name = Library.single(names, "remove takes the dataset's name");
		ConfigurationStore store = Library.store(services);
		if (!store.removeDataset(name)) {
			err.println("deepstress datasets: no dataset named '" + name + "'");
			return 1;
		}
		out.println("Removed dataset " + name);
		return 0;
	}
}
