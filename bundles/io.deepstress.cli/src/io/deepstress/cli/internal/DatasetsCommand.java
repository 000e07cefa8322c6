package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.services.ConfigurationStore;

/** {@code deepstress datasets list|import|remove}: saved prompt datasets. */
final class DatasetsCommand {

	static final String USAGE = """
			usage: deepstress datasets list
			       deepstress datasets import FILE [--name NAME]
			       deepstress datasets remove NAME
			  FILE: UTF-8 text, one prompt per line, or JSON Lines with "prompt"; the name defaults to the
			  file name without its extension; importing a name again replaces its prompts
			""";

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	DatasetsCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	int execute(List<String> words) throws Exception {
		Args a = Args.parse(words, Set.of("name"), Set.of());
		List<String> p = a.positional();
		if (p.isEmpty()) {
			throw new UsageException("say what to do: list, import or remove");
		}
		ConfigurationStore store = Library.store(services);
		switch (p.get(0)) {
			case "list" -> {
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
			case "import" -> {
				Dataset read = PromptFiles.read(Path.of(Library.single(p, "import takes one file")));
				Dataset d = new Dataset(a.get("name", read.name()), read.prompts());
				store.saveDataset(d);
				out.println("Saved dataset " + d.name() + " (" + d.prompts().size() + " prompts)");
				return 0;
			}
			case "remove" -> {
				String name = Library.single(p, "remove takes the dataset's name");
				if (!store.removeDataset(name)) {
					err.println("deepstress datasets: no dataset named '" + name + "'");
					return 1;
				}
				out.println("Removed dataset " + name);
				return 0;
			}
			default -> throw new UsageException("unknown action '" + p.get(0) + "'");
		}
	}
}
