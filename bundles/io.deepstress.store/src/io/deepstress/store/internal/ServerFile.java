package io.deepstress.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * {@code <database dir>.server} (for the default location {@code <data dir>/deepstress-db.server}): where the
 * process that serves a records database listens and how to log in. Written atomically (a temporary file of mode
 * 0600 moved into place), so a reader sees the old file or the new one, never half of one.
 *
 * @param host the address the server listens on (always a loopback address)
 * @param port its port
 * @param user Derby user
 * @param password Derby password (generated for the serving JVM)
 * @param pid the serving process
 * @param database the database directory it serves (a client asks for it by this path)
 */
record ServerFile(String host, int port, String user, String password, long pid, String database) {

	/** Without the password: a record's own text would print it. */
	@Override
	public String toString() {
		return host + ":" + port + " (process " + pid + ", " + database + ")";
	}

	/** The server file of the database in {@code dir}. */
	static Path of(Path dir) {
		Path abs = dir.toAbsolutePath();
		return abs.resolveSibling(abs.getFileName() + ".server");
	}

	/** The file's content, or null when there is none or it cannot be read as one. */
	static ServerFile read(Path file) {
		if (!Files.isRegularFile(file)) {
			return null;
		}
		Properties p = new Properties();
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(r);
			return new ServerFile(p.getProperty("host"), Integer.parseInt(p.getProperty("port", "-1").strip()),
					p.getProperty("user"), p.getProperty("password"), Long.parseLong(p.getProperty("pid", "-1").strip()),
					p.getProperty("database"));
		} catch (IOException | RuntimeException e) {
			return null; // half written by an older writer, garbage: treated as no server
		}
	}

	/** Whether the process named in the file still exists (on this machine). */
	boolean processAlive() {
		return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	/** Writes this to {@code file} atomically, readable by its owner only. */
	void write(Path file) throws IOException {
		Properties p = new Properties();
		p.setProperty("host", host);
		p.setProperty("port", Integer.toString(port));
		p.setProperty("user", user);
		p.setProperty("password", password);
		p.setProperty("pid", Long.toString(pid));
		p.setProperty("database", database);
		StringWriter text = new StringWriter();
		p.store(text, "DeepStress records database server (written by process " + pid + "; do not share)");
		Path dir = file.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		Path tmp = dir.resolve(file.getFileName() + "." + pid + ".tmp");
		Files.deleteIfExists(tmp);
		try {
			Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		} catch (UnsupportedOperationException e) {
			Files.createFile(tmp); // not a POSIX file system
		} catch (FileAlreadyExistsException e) {
			throw new IOException("cannot create " + tmp, e);
		}
		try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
			w.write(text.toString());
		}
		try {
			Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** Removes {@code file} if it still names this server (a successor's file is left alone). */
	void deleteIfOurs(Path file) {
		ServerFile now = read(file);
		if (now != null && now.pid == pid && now.port == port) {
			try {
				Files.deleteIfExists(file);
			} catch (IOException e) {
				// the next opener takes a stale file over
			}
		}
	}
}
