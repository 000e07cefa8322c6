package io.deepstress.store.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.RunStore;

/**
 * A second DeepStress process for {@link SharedDatabaseTest}, started in its own JVM (the store's bundles on a plain
 * class path): it opens the records database the way the product does and
 * <ul>
 * <li>{@code hold DIR SECONDS}: keeps it open (a workbench stand-in), at most SECONDS;</li>
 * <li>{@code record DIR RUN_ID N PERIOD_MS}: records a run of N results, one every PERIOD_MS, then its final figures,
 * and exits 0 when every result and the figures were written;</li>
 * <li>{@code hang DIR RUN_ID N}: records N results, waits until they are written, then hangs (to be killed).</li>
 * </ul>
 * It says {@code LINK <how it reached the database>}, {@code READY}, {@code SYNCED} and {@code DONE ...} on stdout.
 */
public final class SharedStoreProcess {

	private SharedStoreProcess() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		DerbyRunStore store = DerbyRunStore.open(Path.of(args[1]), null);
		if (store.problem().isPresent()) {
			System.out.println("PROBLEM " + store.problem().get());
			System.exit(3);
		}
		DerbyServer server = store.database().link().server();
		for (int i = 0; i < 300 && server != null && server.file() == null; i++) {
			Thread.sleep(100); // the server starts in the background: say where it listens once it does
		}
		System.out.println("LINK " + store.database().link().describe());
		System.out.println("READY");
		System.out.flush();
		int code = 0;
		switch (mode) {
		case "hold" -> Thread.sleep(Long.parseLong(args[2]) * 1000);
		case "record" -> code = record(store, args[2], Integer.parseInt(args[3]), Long.parseLong(args[4])) ? 0 : 1;
		case "hang" -> {
			RunStore.Recorder recorder = start(store, args[2]);
			int n = Integer.parseInt(args[3]);
			for (int i = 0; i < n; i++) {
				recorder.onResults(List.of(TestData.result(i, true)));
			}
			System.out.println(recorder.awaitWritten(60_000) ? "SYNCED" : "NOT SYNCED " + recorder.lastError());
			System.out.flush();
			Thread.sleep(120_000); // killed before this ends
		}
		default -> throw new IllegalArgumentException(mode);
		}
		store.close();
		System.exit(code);
	}

	static RunConfig config(String name) {
		return new RunConfig(name, new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", Map.of(), null),
				RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("ds", List.of(new Prompt("p", "x"))), 1)),
				new Load.ClosedLoop(1), Limits.singlePass(),
				new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)), RetryPolicy.none());
	}

	private static RunStore.Recorder start(DerbyRunStore store, String runId) {
		RunStore.Recorder recorder = store.recorder(config("shared-" + runId.substring(0, 8)));
		recorder.onSnapshot(TestData.snapshot(runId));
		return recorder;
	}

	private static boolean record(DerbyRunStore store, String runId, int n, long periodMillis) throws Exception {
		RunStore.Recorder recorder = start(store, runId);
		for (int i = 0; i < n; i++) {
			recorder.onResults(List.of(TestData.result(i, true)));
			Thread.sleep(periodMillis);
		}
		recorder.onFinished(TestData.summary(runId, n));
		boolean written = recorder.awaitWritten(90_000);
		System.out.println("DONE written=" + written + " error=" + recorder.lastError() + " link="
				+ store.database().link().describe());
		System.out.flush();
		return written;
	}
}
