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
import java.util.Set;
import java.util.concurrent.BlockingQueue;
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

/** {@code deepstress gpu watch}: GPU telemetry on the terminal. */
final class GpuCommand {

	static final String USAGE = """
			usage: deepstress gpu watch [options]
			  --source nvml|smi       this computer through NVML (default) or through nvidia-smi
			  --smi-command PATH      the nvidia-smi to run (default nvidia-smi on PATH)
			  --host NAME             a host added with 'deepstress hosts add'
			  --trust SHA256:...      trust this (unknown) SSH host key; it is then remembered
			  --ssh USER@HOST[:PORT]  a remote host through SSH (key authentication; see --key)
			  --key FILE              private key for --ssh (ed25519, RSA or ECDSA, without passphrase)
			  --interval MS           sampling interval (default 1000)
			  --count N               stop after N readings (default: until interrupted)
			""";

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

	int execute(List<String> words) throws Exception {
		Args a = Args.parse(words, Set.of("source", "smi-command", "ssh", "key", "interval", "count", "host", "trust"),
				Set.of());
		if (a.positional().size() != 1 || !a.positional().get(0).equals("watch")) {
			throw new UsageException("the gpu command has one action: watch");
		}
		GpuHost host = a.has("host") ? services.find(io.deepstress.core.gpu.GpuHostRegistry.class, 10_000)
				.flatMap(r -> r.byName(a.get("host")))
				.orElseThrow(() -> new UsageException("no GPU host named '" + a.get("host") + "' (see deepstress hosts list)"))
				: host(a);
		ServiceRegistration<io.deepstress.core.gpu.HostKeyConfirmer> confirmer = registerConfirmer(a.get("trust"));
		long interval = a.positiveLong("interval", 1000);
		long count = a.nonNegativeLong("count", 0);

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
						&& first.host().equals(host.sampleHost())) {
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

	private static GpuHost host(Args a) throws UsageException {
		if (a.has("ssh")) {
			String spec = a.get("ssh");
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
			if (!a.has("key")) {
				throw new UsageException("--ssh needs --key FILE (password hosts are configured in the workbench)");
			}
			try {
				return new GpuHost("cli-ssh", hostPort, GpuHost.Kind.SSH, hostPort, port, user, GpuHost.Auth.KEY,
						a.get("key"), a.get("smi-command"));
			} catch (IllegalArgumentException e) {
				throw new UsageException(e.getMessage());
			}
		}
		return switch (a.get("source", "nvml")) {
			case "nvml" -> GpuHost.localNvml();
			case "smi" -> new GpuHost("local-smi", "This computer (nvidia-smi)", GpuHost.Kind.LOCAL_SMI, null, 0, null, null,
					null, a.get("smi-command"));
			default -> throw new UsageException("--source must be nvml or smi, got '" + a.get("source") + "'");
		};
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
