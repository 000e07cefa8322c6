package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

import io.deepstress.core.services.SecretStore;
import io.deepstress.store.RecordsDatabaseUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deepstress db password URL --password-env VAR | --remove}: the password of a shared PostgreSQL records
 * database, kept in Eclipse Secure Storage under the key the store reads it from (so that agents and the workbench
 * need no {@code DEEPSTRESS_DB_PASSWORD}). The password is read from an environment variable, never from the
 * command line, and never printed.
 */
@Command(name = "db", description = "the records database: keep a PostgreSQL password in Eclipse Secure Storage")
final class DbCommand implements Callable<Integer> {

	private final Services services;
	private final PrintStream out;

	DbCommand(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	@Override
	public Integer call() throws UsageException {
		throw new UsageException("say what to do: password");
	}

	@Command(name = "password", sortOptions = false, description = {
			"keep (or forget) the password of a PostgreSQL records database in Eclipse Secure Storage",
			"The store reads it from there when -Ddeepstress.db or the database.location preference names the same"
					+ " URL; DEEPSTRESS_DB_PASSWORD, when set, comes first." },
			customSynopsis = "deepstress db password postgresql://[USER@]HOST[:PORT]/DB (--password-env VAR | --remove)")
	int password(@Parameters(paramLabel = "URL", arity = "0..*", description = "the database") List<String> urls,
			@Option(names = "--password-env", paramLabel = "VAR",
					description = "the environment variable that holds the password") String passwordEnv,
			@Option(names = "--remove", description = "forget the stored password") boolean remove) throws Exception {
		String location = Library.single(urls, "password takes one database URL");
		if ((passwordEnv == null) == !remove) {
			throw new UsageException("give --password-env VAR or --remove");
		}
		RecordsDatabaseUrl url;
		try {
			url = RecordsDatabaseUrl.parse(location);
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		SecretStore secrets = services.get(SecretStore.class);
		if (remove) {
			boolean had = secrets.get(url.secretKey()).isPresent();
			secrets.remove(url.secretKey());
			out.println((had ? "forgot the password of " : "no password was stored for ") + url.url());
			return 0;
		}
		String password = System.getenv(passwordEnv);
		if (password == null || password.isEmpty()) {
			throw new UsageException("environment variable " + passwordEnv + " is not set or empty");
		}
		secrets.put(url.secretKey(), password);
		out.println("kept the password of " + url.url() + " in Eclipse Secure Storage");
		return 0;
	}
}
