package io.deepstress.sample.amd.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.PolledGpuSource;

/**
 * Runs {@code COMMAND metric --json} every interval (10 s at most per run). A command that cannot be started makes
 * the source UNAVAILABLE (not retried); a failed run or JSON it cannot read is RECONNECTING with the reason, and the
 * next run tries again.
 */
public final class AmdSmiSource extends PolledGpuSource {

	private static final long RUN_LIMIT_SECONDS = 10;

	private volatile Process running;

	AmdSmiSource(GpuHost host, long intervalMillis, GpuSourceListener listener) {
		super(host, intervalMillis, listener, "deepstress-amd-smi-" + host.name());
	}

	@Override
	protected List<GpuSample> read() throws ReadFailure, InterruptedException {
		String command = host().command();
		Process p;
		try {
			p = new ProcessBuilder(command, "metric", "--json")
					.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
		} catch (IOException e) {
			throw new ReadFailure("cannot run " + command + ": " + e.getMessage(), true);
		}
		running = p;
		try {
			CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(p.getErrorStream()));
			String out = text(p.getInputStream());
			if (!p.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new ReadFailure(command + " did not finish within " + RUN_LIMIT_SECONDS + " s", false);
			}
			if (p.exitValue() != 0) {
				String first = err.getNow("").lines().filter(l -> !l.isBlank()).findFirst().orElse("");
				throw new ReadFailure(command + " exited with " + p.exitValue() + (first.isEmpty() ? "" : ": " + first),
						false);
			}
			try {
				return AmdSmiJson.gpus(out, System.currentTimeMillis(), host().sampleHost());
			} catch (IllegalArgumentException e) {
				throw new ReadFailure(command + " metric --json: " + e.getMessage(), false);
			}
		} catch (InterruptedException e) {
			p.destroyForcibly();
			throw e;
		} finally {
			running = null;
		}
	}

	@Override
	protected void closing() {
		Process p = running;
		if (p != null) {
			p.destroyForcibly();
		}
	}

	private static String text(java.io.InputStream in) {
		try (in) {
			return new String(in.readNBytes(16 << 20), StandardCharsets.UTF_8);
		} catch (IOException e) {
			return "";
		}
	}
}
