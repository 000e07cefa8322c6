package io.deepstress.servermetrics.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The recorded {@code /metrics} texts of the test resources (metrics/*.txt). */
final class Texts {

	private Texts() {
	}

	static String of(String server) {
		try (InputStream in = Texts.class.getResourceAsStream("/metrics/" + server + ".txt")) {
			if (in == null) {
				throw new IllegalStateException("no test resource metrics/" + server + ".txt");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
