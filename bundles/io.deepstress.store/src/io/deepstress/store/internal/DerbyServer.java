package io.deepstress.store.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.apache.derby.drda.NetworkServerControl;

/**
 * Derby's own network server, started by the process that opened a records database embedded so that other
 * DeepStress processes on this machine can use the same database at once. It listens on 127.0.0.1 only, on a free
 * port, with this JVM's generated credentials ({@link DerbyCredentials}); where and how to log in is written to the
 * database's {@link ServerFile} once it answers. The serving process itself keeps using the database embedded.
 * Starting and stopping run on a thread of their own (Derby's start and shutdown each wait for pings, seconds on a
 * busy machine), so that opening and closing the store, as every command-line call does, does not wait for them;
 * a process that comes meanwhile waits for the file ({@link StoreLocator}).
 */
final class DerbyServer {

	private static final System.Logger LOG = System.getLogger(DerbyServer.class.getName());
	static final String HOST = "127.0.0.1";
	/** How long a starting server may take to answer a ping. */
	private static final long START_MILLIS = 15_000;

	private final Path dir;
	private final Path filePath;
	private volatile NetworkServerControl control;
	private volatile ServerFile file;
	private volatile boolean stopped;

	private DerbyServer(Path dir) {
		this.dir = dir.toAbsolutePath();
		this.filePath = ServerFile.of(dir);
	}

	/** Starts serving the database in {@code dir} (booted embedded in this JVM), in the background. */
	static DerbyServer start(Path dir) {
		DerbyCredentials.install();
		DerbyServer server = new DerbyServer(dir);
		Thread t = new Thread(server::run, "deepstress-store-server-start");
		t.setDaemon(true);
		t.start();
		return server;
	}

	private void run() {
		Exception last = null;
		for (int attempt = 0; attempt < 3 && !stopped; attempt++) { // a free port can be taken before the start
			try {
				int port = freePort();
				StringWriter console = new StringWriter();
				NetworkServerControl c = new NetworkServerControl(InetAddress.getByName(HOST), port, DerbyCredentials.USER,
						DerbyCredentials.password());
				control = c;
				c.start(new PrintWriter(console, true));
				awaitPing(c, port, console);
				ServerFile f = new ServerFile(HOST, port, DerbyCredentials.USER, DerbyCredentials.password(),
						ProcessHandle.current().pid(), dir.toString());
				synchronized (this) {
					if (stopped) { // closed while starting
						shutdown(c);
						return;
					}
					f.write(filePath);
					file = f;
				}
				LOG.log(System.Logger.Level.DEBUG, "serving the records database " + dir
						+ " to other DeepStress processes on " + HOST + ":" + port);
				return;
			} catch (Exception e) {
				last = e;
				shutdown(control);
			}
		}
		if (!stopped) {
			LOG.log(System.Logger.Level.WARNING, "the records database " + dir + " is not shared with other processes:"
					+ " Derby's network server did not start (" + (last == null ? "?" : last.getMessage()) + ")");
		}
	}

	private static void awaitPing(NetworkServerControl c, int port, StringWriter console) throws Exception {
		long deadline = System.nanoTime() + START_MILLIS * 1_000_000;
		while (true) {
			try {
				c.ping();
				return;
			} catch (Exception e) {
				if (System.nanoTime() > deadline) {
					throw new IOException("Derby's network server did not start on " + HOST + ":" + port + ": "
							+ console.toString().strip(), e);
				}
				Thread.sleep(50);
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return s.getLocalPort();
		}
	}

	/** Where it listens, once it does; null before. */
	ServerFile file() {
		return file;
	}

	/**
	 * Stops serving: removes the file if it is still ours (at once, so nobody new comes), then shuts the server down in
	 * the background (clients' connections fail when the database is shut down; they reconnect or take over).
	 */
	void stop() {
		NetworkServerControl c;
		synchronized (this) {
			stopped = true;
			if (file != null) {
				file.deleteIfOurs(filePath);
			}
			c = control;
		}
		if (c != null) {
			Thread t = new Thread(() -> shutdown(c), "deepstress-store-server-stop");
			t.setDaemon(true);
			t.start();
		}
	}

	private static void shutdown(NetworkServerControl c) {
		if (c == null) {
			return;
		}
		try {
			c.shutdown();
		} catch (Exception e) {
			LOG.log(System.Logger.Level.DEBUG, "stopping Derby's network server: " + e);
		}
	}
}
