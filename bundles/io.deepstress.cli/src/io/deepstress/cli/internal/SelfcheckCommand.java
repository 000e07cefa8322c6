package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.deepstress.core.launch.LaunchListener;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.RunPlan;
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
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deepstress selfcheck}: what this machine can drive, measured against the built-in simulator started in
 * this process with zero latency (TTFT 0, ITL 0), so every millisecond of TTFT is the client's (and the
 * simulator's, on the same CPUs): a closed loop's added TTFT and CPU per token, and a rate ramp's highest rate
 * held within 1 %. Runs go through the launch service, unrecorded. Bounded: one phase of {@code --duration}
 * seconds and ramp steps of a quarter of it (1 to 2 s), at most {@value #RAMP_STEPS} steps.
 */
@Command(name = "selfcheck", sortOptions = false, description = { "measure what this machine can drive against the"
		+ " built-in simulator (zero latency): added TTFT p99, CPU per token, the highest rate held within 1 %",
		"with neither --concurrency nor --rate: both, a closed loop at 32 and a rate ramp from 100/s" })
final class SelfcheckCommand implements Callable<Integer> {

	static final int RAMP_STEPS = 10;
	static final double RAMP_FROM = 100;
	static final int OUTPUT_TOKENS = 32;
	static final int RAMP_CAP = 1024;

	@Option(names = "--concurrency", paramLabel = "N", description = "only a closed loop at N streams")
	Integer concurrency;

	@Option(names = "--rate", paramLabel = "R", description = "only an open loop at R requests/s (held within 1 %?)")
	Double rate;

	@Option(names = "--duration", paramLabel = "S", defaultValue = "5",
			description = "seconds of the closed loop or of the one rate (default ${DEFAULT-VALUE}); ramp steps last a quarter of it, 1 to 2 s")
	double duration;

	@Option(names = "--out", paramLabel = "FILE", description = "also write the figures as JSON")
	Path out;

	private final Services services;
	private final PrintStream stdout;
	private final PrintStream err;

	SelfcheckCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.stdout = out;
		this.err = err;
	}

	/** One open-loop step: the rate asked, the rate sent, and whether it was held within 1 %. */
	record Step(double target, RunSummary run) {
		boolean held() {
			return run.achievedRate() >= 0.99 * target && run.failed() == 0;
		}
	}

	@Override
	public Integer call() throws Exception {
		if (concurrency != null && rate != null) {
			throw new UsageException("give --concurrency or --rate, not both");
		}
		if (concurrency != null && (concurrency < 1 || concurrency > 4096)) {
			throw new UsageException("--concurrency must be 1 to 4096, got " + concurrency);
		}
		if (rate != null && !(rate > 0 && rate <= 1_000_000)) {
			throw new UsageException("--rate must be above 0 and at most 1000000 requests/s, got " + rate);
		}
		if (!(duration >= 0.5 && duration <= 60)) {
			throw new UsageException("--duration must be 0.5 to 60 seconds, got " + duration);
		}
		SimulatorSettings settings = SimulatorSettings.defaults().withPort(0).withTtft(Duration.ZERO)
				.withItl(Duration.ZERO).withDefaultOutputTokens(OUTPUT_TOKENS);
		LaunchService launcher = services.get(LaunchService.class);
		int cores = Runtime.getRuntime().availableProcessors();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("simulator", ordered("ttft_ms", 0, "itl_ms", 0, "output_tokens", OUTPUT_TOKENS, "in_process", true));
		json.put("cores", cores);
		try (Simulator sim = Simulator.start(settings)) {
			stdout.printf(Locale.ROOT, "DeepStress selfcheck: this machine (%d cores) against the built-in simulator in"
					+ " this process (TTFT 0, ITL 0, %d tokens)%n", cores, OUTPUT_TOKENS);
			if (rate == null) {
				int n = concurrency == null ? 32 : concurrency;
				double cpuBefore = ClientResources.cpuSeconds();
				RunSummary s = run(launcher, config(sim.baseUrl(), new Load.ClosedLoop(n), duration));
				double cpu = ClientResources.cpuSeconds() - cpuBefore;
				double usPerToken = s.outputTokens() > 0 ? cpu * 1e6 / s.outputTokens() : Double.NaN;
				stdout.printf(Locale.ROOT, "  closed loop %d for %s s: %d requests (%d failed), %s output tok/s%n", n,
						Reports.num(duration, 1), s.total(), s.failed(), Reports.num(s.outputTokensPerSecond(), 0));
				stdout.printf(Locale.ROOT, "  added TTFT  p50 %s ms, p99 %s ms (the simulator's own TTFT is 0)%n",
						Reports.num(s.ttft().p50(), 2), Reports.num(s.ttft().p99(), 2));
				stdout.printf(Locale.ROOT, "  CPU         %s s, %s us per output token (client and simulator together)%n",
						Reports.num(cpu, 2), Reports.num(usPerToken, 1));
				Map<String, Object> closed = ordered("concurrency", n, "duration_s", duration, "requests", s.total(),
						"failed", s.failed(), "output_tokens", s.outputTokens(), "output_tokens_per_s",
						s.outputTokensPerSecond(), "added_ttft_p50_ms", s.ttft().p50(), "added_ttft_p99_ms", s.ttft().p99(),
						"cpu_s", cpu, "cpu_us_per_token", usPerToken);
				ClientHealthReports.put(closed, s);
				json.put("closed_loop", closed);
				warn(s);
			}
			if (concurrency == null) {
				List<Step> steps = new ArrayList<>();
				double stepSeconds = rate != null ? duration : Math.max(1, Math.min(2, duration / 4));
				double r = rate != null ? rate : RAMP_FROM;
				for (int i = 0; i < (rate != null ? 1 : RAMP_STEPS); i++, r *= 2) {
					Step step = new Step(r, run(launcher, config(sim.baseUrl(),
							new Load.OpenLoop(r, false, RAMP_CAP), stepSeconds)));
					steps.add(step);
					if (!step.held()) {
						break;
					}
				}
				rateReport(steps, stepSeconds, json);
			}
		}
		if (out != null) {
			Files.writeString(out, CliJson.write(json) + "\n", StandardCharsets.UTF_8);
		}
		return 0;
	}

	private void rateReport(List<Step> steps, double stepSeconds, Map<String, Object> json) {
		stdout.printf(Locale.ROOT, "  open loop   steps of %s s, cap %d in flight%n", Reports.num(stepSeconds, 2), RAMP_CAP);
		stdout.printf(Locale.ROOT, "  %12s %12s %6s %22s%n", "target/s", "achieved/s", "held", "send lateness p99 ms");
		List<Map<String, Object>> rows = new ArrayList<>();
		double maxHeld = Double.NaN;
		for (Step step : steps) {
			RunSummary s = step.run();
			double late = s.clientHealth() == null ? Double.NaN : s.clientHealth().sendLatenessP99Ms();
			stdout.printf(Locale.ROOT, "  %12s %12s %6s %22s%n", Reports.num(step.target(), 0),
					Reports.num(s.achievedRate(), 1), step.held() ? "yes" : "no", Reports.num(late, 2));
			rows.add(ordered("target_rate", step.target(), "achieved_rate", s.achievedRate(), "held", step.held(),
					"requests", s.total(), "failed", s.failed(), "send_lateness_p99_ms", late, "client_limited",
					s.clientLimited()));
			if (step.held()) {
				maxHeld = step.target();
			}
		}
		boolean topHeld = !steps.isEmpty() && steps.get(steps.size() - 1).held();
		stdout.println("  max rate held within 1 %: " + (Double.isNaN(maxHeld) ? "none of the rates tried"
				: Reports.num(maxHeld, 0) + " req/s" + (topHeld && steps.size() > 1 ? " (the highest step tried)" : "")));
		json.put("open_loop", ordered("step_s", stepSeconds, "cap", RAMP_CAP, "steps", rows, "max_rate_held",
				Double.isNaN(maxHeld) ? null : maxHeld));
	}

	private void warn(RunSummary s) {
		String warning = ClientHealthReports.warning(s);
		if (warning != null) {
			err.println(warning.replace("deepstress run:", "deepstress selfcheck:"));
		}
	}

	private static RunSummary run(LaunchService launcher, RunConfig config) throws Exception {
		RunPlan plan = new RunPlan(new RunPlan.Given(config), List.of(), List.of(), false).withServerMetrics("off");
		LaunchResult result = launcher.launch(new LaunchRequest(List.of(plan), LaunchListener.NONE)).completion().get();
		if (result.summaries().isEmpty()) {
			throw new IllegalStateException("the selfcheck run failed: " + result.failure());
		}
		return result.summaries().get(0);
	}

	private static RunConfig config(String baseUrl, Load load, double seconds) {
		List<Prompt> prompts = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			prompts.add(new Prompt("selfcheck-" + i, "Selfcheck prompt " + i + ": say something."));
		}
		return new RunConfig("selfcheck " + (load instanceof Load.OpenLoop o ? Reports.num(o.ratePerSecond(), 0) + "/s"
				: "closed loop"), new ApiTarget(baseUrl, ApiKind.CHAT, "deepstress-sim", null, null),
				RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("selfcheck", prompts), 1)), load,
				Limits.duration(Duration.ofMillis((long) (seconds * 1000))),
				new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)), RetryPolicy.none());
	}

	private static Map<String, Object> ordered(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			m.put((String) kv[i], kv[i + 1]);
		}
		return m;
	}
}
