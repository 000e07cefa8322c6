package io.deepstress.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Debian's headless {@code chromium} (apt package {@code chromium}): opens a file, returns the DOM after rendering
 * and the network requests the page itself made (from its {@code --log-net-log}; the browser's own background
 * requests are told apart by their initiator and network isolation key).
 */
final class Chromium {

	/** The rendered DOM and the URLs the page requested from the network. */
	record Page(String dom, List<String> pageRequests) {
	}

	private Chromium() {
	}

	static Page open(Path html, Path work) throws IOException, InterruptedException {
		Files.createDirectories(work);
		Path netLog = work.resolve("net-log.json");
		Path profile = Files.createTempDirectory(work, "profile");
		Path dom = work.resolve("dom.html");
		Path stderr = work.resolve("chromium.err");
		Process p = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
				"--disable-extensions", "--disable-background-networking", "--disable-sync", "--disable-component-update",
				"--user-data-dir=" + profile, "--log-net-log=" + netLog, "--virtual-time-budget=2000", "--dump-dom",
				html.toUri().toString()).redirectOutput(dom.toFile()).redirectError(stderr.toFile()).start();
		if (!p.waitFor(90, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("chromium did not finish within 90 s");
		}
		if (p.exitValue() != 0) {
			throw new AssertionError("chromium exited " + p.exitValue() + ": " + Files.readString(stderr));
		}
		return new Page(Files.readString(dom, StandardCharsets.UTF_8), pageRequests(netLog));
	}

	/**
	 * URL requests started on behalf of a page (initiator an origin, or the file:// site's isolation key); the
	 * browser's own (update checks, sign-in pings) have the initiator "not an origin" and another key.
	 */
	static List<String> pageRequests(Path netLog) throws IOException {
		JsonNode log = JsonMapper.builder().build().readTree(netLog.toFile());
		int start = log.path("constants").path("logEventTypes").path("URL_REQUEST_START_JOB").asInt(-1);
		if (start < 0) {
			throw new AssertionError("not a net log: " + netLog);
		}
		List<String> out = new ArrayList<>();
		for (JsonNode e : log.path("events")) {
			JsonNode params = e.path("params");
			if (e.path("type").asInt() == start && params.has("url")) {
				String initiator = params.path("initiator").asText("");
				String key = params.path("network_isolation_key").asText("");
				if (!initiator.equals("not an origin") || key.startsWith("file://")) {
					out.add(params.path("url").asText());
				}
			}
		}
		return out;
	}
}
