package io.deepstress.core.model;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which extra headers of an endpoint are secrets: those the user marked, and by default every header whose
 * name looks like a credential ({@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, or a name
 * containing {@code key}, {@code token}, {@code secret} or {@code password}, ignoring case: {@code X-Api-Key} is
 * how several gateways take their key). A secret header's value lives in secure storage under
 * {@link #key(String, String)}; the records database keeps only its name. Since 0.2.
 */
public final class SecretHeaders {

	private SecretHeaders() {
	}

	/** Whether a header of this name is a secret unless the user says otherwise. */
	public static boolean looksSecret(String name) {
		String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
		return n.equals("authorization") || n.equals("proxy-authorization") || n.equals("cookie") || n.contains("key")
				|| n.contains("token") || n.contains("secret") || n.contains("password");
	}

	/** The secret headers of {@code endpoint}: the marked ones (by name, ignoring case) and those that look secret. */
	public static Set<String> of(Endpoint endpoint, Set<String> marked) {
		Set<String> secret = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		for (String name : endpoint.headers().keySet()) {
			if (looksSecret(name) || marked != null && marked.stream().anyMatch(name::equalsIgnoreCase)) {
				secret.add(name);
			}
		}
		return secret;
	}

	/** The secure-storage key of a secret header's value. */
	public static String key(String endpointId, String headerName) {
		return "endpoint/" + endpointId + "/header/" + headerName.strip().toLowerCase(Locale.ROOT);
	}
}
