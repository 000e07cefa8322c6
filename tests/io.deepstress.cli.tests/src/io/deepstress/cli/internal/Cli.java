package io.deepstress.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;

/** Runs one command line of the real command tree inside OSGi and keeps what it printed. */
final class Cli {

	/** Exit code, stdout and stderr of one command line. */
	record Result(int code, String out, String err) {
		/** The first line on stderr. */
		String firstError() {
			return err.lines().findFirst().orElse("");
		}
	}

	private Cli() {
	}

	static Result run(String... args) throws BundleException {
		Bundle bundle = FrameworkUtil.getBundle(TopCommand.class);
		if (bundle.getBundleContext() == null) {
			bundle.start(); // lazy activation: the application would have started it
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code;
		try (Services services = new Services(bundle.getBundleContext());
				PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
				PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
			code = TopCommand.run(List.of(args), services, o, e);
		}
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}
}
