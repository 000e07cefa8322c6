package io.deepstress.core.gpu;

/**
 * Asks the user whether to trust an SSH host key DeepStress has not seen before. An OSGi service the UI
 * (a dialog) or the CLI (a prompt, or a command-line flag) provides; with none registered, unknown host
 * keys are refused.
 * <p>
 * Only <em>unknown</em> keys are ever asked about: a key that differs from the one already trusted for a
 * host is refused without asking.
 */
public interface HostKeyConfirmer {

	/**
	 * Called from the connecting thread (never the UI thread); may block while the user decides.
	 *
	 * @param host              the host name or address as configured
	 * @param port              the SSH port
	 * @param keyType           the key's algorithm, e.g. {@code ssh-ed25519}
	 * @param sha256Fingerprint the fingerprint as OpenSSH prints it, e.g. {@code SHA256:uV3g...}
	 * @return true to trust the key (it is then stored in DeepStress's known_hosts file)
	 */
	boolean confirm(String host, int port, String keyType, String sha256Fingerprint);
}
