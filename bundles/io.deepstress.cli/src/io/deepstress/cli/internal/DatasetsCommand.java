package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.services.ConfigurationStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepstress datasets list|import|remove}: saved prompt datasets. */
@Command(name = "datasets", description = "list, import or remove saved prompt datasets")
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
		throw new UsageException("say what to do: list, import or remove");
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

	@Command(name = "import", description = { "save the prompts of FILE as a dataset: UTF-8 text, one prompt per line,"
			+ " or JSON Lines with \"prompt\"; importing a name again replaces its prompts" })
	int importFile(@Parameters(paramLabel = "FILE", arity = "0..*", description = "the prompts") List<String> files,
			@Option(names = "--name", paramLabel = "NAME", description = "the dataset's name (default: the file name"
					+ " without its extension)") String name) throws Exception {
		Dataset read = PromptFiles.read(Path.of(Library.single(files, "import takes one file")));
		Dataset d = new Dataset(name != null ? name : read.name(), read.prompts());
		Library.store(services).saveDataset(d);
		out.println("Saved dataset " + d.name() + " (" + d.prompts().size() + " prompts)");
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
