package io.deepstress.store;

import io.deepstress.store.internal.StoreUrl;

/**
 * A shared PostgreSQL records database as its users name it, {@code postgresql://[USER@]HOST[:PORT]/DB}: for the
 * tools that keep its password in secure storage (the command line's {@code deepstress db password}), so that they
 * use the key the store reads it from.
 *
 * @param url      the database, written as the store writes it in messages: {@code postgresql://USER@HOST:PORT/DB}
 * @param secretKey the secure-storage key of its password
 */
public record RecordsDatabaseUrl(String url, String secretKey) {

	/**
	 * Reads a PostgreSQL URL; the user when it names none as the store chooses it ({@code -Ddeepstress.db.user},
	 * {@code DEEPSTRESS_DB_USER}, the operating-system user).
	 *
	 * @throws IllegalArgumentException with a message for people: not such a URL, or one that carries a password
	 */
	public static RecordsDatabaseUrl parse(String location) {
		StoreUrl url = StoreUrl.parsePostgres(location, StoreUrl.defaultUser());
		return new RecordsDatabaseUrl(url.toString(), url.secretKey());
	}
}
