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
 * database's {@link ServerFile}. The serving process itself keeps using the database embedded.
 */
final class DerbyServer {

	private static final System.Logger LOG = System.getLogger(DerbyServer.class.getName());
	static final String HOST = "127.0.0.1";
	/** How long a starting server may take to answer a ping. */
	private static final long START_MILLIS = 15_000;

	private final NetworkServerControl control;
	private final ServerFile file;
	private final Path filePath;
	private final StringWriter console = new StringWriter();

	private DerbyServer(NetworkServerControl control, ServerFile file, Path filePath) {
		this.control = control;
		this.file = file;
		this.filePath = filePath;
	}

	/** Starts a server for the database in {@code dir} (booted embedded in this JVM) and writes its file. */
	static DerbyServer start(Path dir) throws Exception {
		DerbyCredentials.install();
		Exception last = null;
		for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken between the probe and the start
			int port = freePort();
			NetworkServerControl control = new NetworkServerControl(InetAddress.getByName(HOST), port,
					DerbyCredentials.USER, DerbyCredentials.password());
			DerbyServer server = new DerbyServer(control, new ServerFile(HOST, port, DerbyCredentials.USER,
					DerbyCredentials.password(), ProcessHandle.current().pid(), dir.toAbsolutePath().toString()),
					ServerFile.of(dir));
			control.start(new PrintWriter(server.console, true));
			try {
				server.awaitPing();
				server.file.write(server.filePath);
				LOG.log(System.Logger.Level.INFO, "serving the records database " + dir + " to other DeepStress processes on "
						+ HOST + ":" + port);
				return server;
			} catch (Exception e) {
				last = e;
				server.stopQuietly();
			}
		}
		throw last;
	}

	private void awaitPing() throws Exception {
		long deadline = System.nanoTime() + START_MILLIS * 1_000_000;
		while (true) {
			try {
				control.ping();
				return;
			} catch (Exception e) {
				if (System.nanoTime() > deadline) {
					throw new IOException("Derby's network server did not start on " + HOST + ":" + file.port() + ": "
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

	ServerFile file() {
		return file;
	}

	/** Stops serving (clients' connections fail; they reconnect or take over) and removes the file if it is ours. */
	void stop() {
		file.deleteIfOurs(filePath);
		stopQuietly();
	}

	private void stopQuietly() {
		try {
			control.shutdown();
		} catch (Exception e) {
			LOG.log(System.Logger.Level.DEBUG, "stopping Derby's network server: " + e);
		}
	}
}
