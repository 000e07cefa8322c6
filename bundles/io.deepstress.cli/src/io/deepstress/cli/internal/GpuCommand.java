package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.events.GpuTopics;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuMonitor;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSourceState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deepstress gpu watch}: GPU telemetry on the terminal. */
@Command(name = "gpu", description = "watch GPU telemetry (gpu watch --help)")
final class GpuCommand implements Callable<Integer> {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
			.withZone(ZoneId.systemDefault());

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	GpuCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() throws UsageException {
		throw new UsageException("the gpu command has one action: watch");
	}

	@Command(name = "watch", sortOptions = false, description = "GPU readings on the terminal until interrupted or --count")
	int watch(@Mixin Source source,
			@Option(names = "--trust", paramLabel = "SHA256:...",
					description = "trust this (unknown) SSH host key; it is then remembered") String trust,
			@Option(names = "--interval", paramLabel = "MS", converter = Converters.PositiveLong.class,
					defaultValue = "1000", description = "sampling interval (default ${DEFAULT-VALUE})") long interval,
			@Option(names = "--count", paramLabel = "N", converter = Converters.NonNegativeLong.class, defaultValue = "0",
					description = "stop after N readings (default: until interrupted)") long count)
			throws Exception {
		GpuHost host = source.host != null ? services.find(io.deepstress.core.gpu.GpuHostRegistry.class, 10_000)
				.flatMap(r -> r.byName(source.host))
				.orElseThrow(() -> new UsageException("no GPU host named '" + source.host + "' (see deepstress hosts list)"))
				: source.gpuHost();
		ServiceRegistration<io.deepstress.core.gpu.HostKeyConfirmer> confirmer = registerConfirmer(trust);

		GpuMonitor monitor = services.find(GpuMonitor.class, 10_000)
				.orElseThrow(() -> new IllegalStateException("the GPU monitor is not installed"));
		BlockingQueue<Event> events = new LinkedBlockingQueue<>();
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		Dictionary<String, Object> props = new Hashtable<>();
		props.put(EventConstants.EVENT_TOPIC, GpuTopics.ALL);
		ServiceRegistration<EventHandler> registration = context.registerService(EventHandler.class, events::add, props);
		monitor.setInterval(Duration.ofMillis(interval));
		monitor.watch(host);
		long readings = 0;
		GpuSourceState.Status last = null;
		try {
			while (count == 0 || readings < count) {
				Event event = events.poll(Math.max(30_000, interval * 10), TimeUnit.MILLISECONDS);
				if (event == null) {
					err.println("deepstress gpu: no reading for " + Math.max(30, interval / 100) + " s");
					return 1;
				}
				Object data = event.getProperty(DeepStressTopics.DATA);
				if (data instanceof GpuSourceState state && state.hostId().equals(host.id())) {
					if (state.status() != last) {
						last = state.status();
						err.println("deepstress gpu: " + state.hostName() + ": " + state.status().name().toLowerCase(Locale.ROOT)
								+ (state.message() == null ? "" : " — " + state.message()));
					}
					if (state.status() == GpuSourceState.Status.UNAVAILABLE || state.status() == GpuSourceState.Status.FAILED) {
						return 1;
					}
				} else if (data instanceof List<?> batch && !batch.isEmpty() && batch.get(0) instanceof GpuSample first
						&& first.host().startsWith(host.sampleHost())) {
					for (Object o : batch) {
						out.println(line((GpuSample) o));
					}
					out.flush();
					readings++;
				}
			}
			return 0;
		} finally {
			monitor.unwatch(host.id());
			registration.unregister();
			confirmer.unregister();
		}
	}

	/** Unknown SSH host keys: trusted only when the user named the fingerprint with --trust. */
	private ServiceRegistration<io.deepstress.core.gpu.HostKeyConfirmer> registerConfirmer(String trusted) {
		io.deepstress.core.gpu.HostKeyConfirmer confirmer = (host, port, type, fingerprint) -> {
			if (fingerprint.equals(trusted)) {
				err.println("deepstress gpu: trusting " + type + " key " + fingerprint + " of " + host + ":" + port);
				return true;
			}
			err.println("deepstress gpu: unknown SSH host key of " + host + ":" + port + " (" + type + " " + fingerprint
					+ "). Check it, then run again with --trust " + fingerprint);
			return false;
		};
		return FrameworkUtil.getBundle(getClass()).getBundleContext()
				.registerService(io.deepstress.core.gpu.HostKeyConfirmer.class, confirmer, null);
	}

	/** USER@HOST[:PORT] as {user, host, port}. */
	static String[] sshTarget(String spec) throws UsageException {
		int at = spec.indexOf('@');
		if (at <= 0 || at == spec.length() - 1) {
			throw new UsageException("--ssh must look like user@host or user@host:port, got '" + spec + "'");
		}
		String hostPort = spec.substring(at + 1);
		String port = "22";
		int colon = hostPort.lastIndexOf(':');
		if (colon > 0) {
			port = hostPort.substring(colon + 1);
			hostPort = hostPort.substring(0, colon);
			if (!port.matches("[0-9]{1,5}")) {
				throw new UsageException("bad port in --ssh '" + spec + "'");
			}
		}
		return new String[] { spec.substring(0, at), hostPort, port };
	}

	/** Which GPUs to watch: a saved host, this computer, or an SSH host given here. */
	static final class Source {
		@Option(names = "--source", paramLabel = "nvml|smi|amd", defaultValue = "nvml", completionCandidates = Sources.class,
				description = "this computer through NVML (default), nvidia-smi, or amd-smi (AMD GPUs: needs the plug-in"
						+ " io.deepstress.sample.amd.feature; --smi-command names the amd-smi)")
		String source;

		@Option(names = "--smi-command", paramLabel = "PATH",
				description = "the nvidia-smi to run (default nvidia-smi on PATH)")
		String smiCommand;

		@Option(names = "--host", paramLabel = "NAME", description = "a host added with 'deepstress hosts add'")
		String host;

		@Option(names = "--dcgm", paramLabel = "URL",
				description = "NVIDIA's DCGM exporter over HTTP, e.g. http://gpu-node:9400/metrics (no SSH needed)")
		String dcgm;

		@Option(names = "--ssh", paramLabel = "USER@HOST[:PORT]",
				description = "a remote host through SSH (key authentication; see --key)")
		String ssh;

		@Option(names = "--key", paramLabel = "FILE",
				description = "private key for --ssh (ed25519, RSA or ECDSA, without passphrase)")
		String key;

		GpuHost gpuHost() throws UsageException {
			if (dcgm != null) {
				try {
					return GpuHost.dcgm("cli-dcgm", "DCGM exporter", dcgm);
				} catch (IllegalArgumentException e) {
					throw new UsageException("--dcgm: " + e.getMessage());
				}
			}
			if (ssh != null) {
				String spec = ssh;
				int at = spec.indexOf('@');
				if (at <= 0 || at == spec.length() - 1) {
					throw new UsageException("--ssh must look like user@host or user@host:port, got '" + spec + "'");
				}
				String user = spec.substring(0, at);
				String hostPort = spec.substring(at + 1);
				int port = 22;
				int colon = hostPort.lastIndexOf(':');
				if (colon > 0) {
					try {
						port = Integer.parseInt(hostPort.substring(colon + 1));
					} catch (NumberFormatException e) {
						throw new UsageException("bad port in --ssh '" + spec + "'");
					}
					hostPort = hostPort.substring(0, colon);
				}
				if (key == null) {
					throw new UsageException("--ssh needs --key FILE (password hosts are configured in the workbench)");
				}
				try {
					return new GpuHost("cli-ssh", hostPort, GpuHost.Kind.SSH, hostPort, port, user, GpuHost.Auth.KEY,
							key, smiCommand);
				} catch (IllegalArgumentException e) {
					throw new UsageException(e.getMessage());
				}
			}
			return switch (source) {
				case "nvml" -> GpuHost.localNvml();
				case "smi" -> new GpuHost("local-smi", "This computer (nvidia-smi)", GpuHost.Kind.LOCAL_SMI, null, 0, null, null,
						null, smiCommand);
				case "amd" -> GpuHost.localAmdSmi(smiCommand);
				default -> throw new UsageException("--source must be nvml, smi or amd, got '" + source + "'");
			};
		}
	}

	/** The --source values, for help and shell completion. */
	static final class Sources implements Iterable<String> {
		@Override
		public java.util.Iterator<String> iterator() {
			return List.of("nvml", "smi", "amd").iterator();
		}
	}

	static String line(GpuSample s) {
		return String.format(Locale.ROOT, "%s  %s gpu%d  %-26s util %5s %%  mem %s/%s MiB  temp %s °C  power %s/%s W  sm %s MHz",
				TIME.format(Instant.ofEpochMilli(s.epochMillis())), s.host(), s.index(), s.name() == null ? "-" : s.name(),
				num(s.utilization(), 0), num(s.memoryUsedMiB()), num(s.memoryTotalMiB()), num(s.temperatureC(), 0),
				num(s.powerW(), 1), num(s.powerLimitW(), 1), num(s.smClockMHz()));
	}

	private static String num(Double v, int decimals) {
		return v == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
	}

	private static String num(Long v) {
		return v == null ? "-" : Long.toString(v);
	}
}
