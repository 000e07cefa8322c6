package io.deepstress.store.internal;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import jakarta.persistence.Column;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PersistenceException;

/**
 * A row the user names: an id, the name as typed, and the name in lower case ({@code NAME_KEY}) that makes
 * names unique regardless of case. Every named table has a unique index on {@code NAME_KEY} (created by
 * {@link Migrations}); saves check the name first ({@link #checkName}) so the usual case gets a clear message,
 * and {@link #unique} gives the same message when two saves of one name race past that check.
 */
@MappedSuperclass
public abstract class NamedEntity {

	/** Derby's SQL state for a duplicate key in a unique index. */
	private static final String DUPLICATE_KEY = "23505";

	@Id
	@Column(name = "ID", length = 64)
	String id;

	@Column(name = "NAME", length = 200)
	String name;

	@Column(name = "NAME_KEY", length = 200)
	String nameKey;

	/** The {@code NAME_KEY} of a name: stripped and in lower case. */
	static String key(String name) {
		return name.strip().toLowerCase(Locale.ROOT);
	}

	/**
	 * Throws the duplicate-name message when another row of {@code entity} (a JPQL entity name) has the key of
	 * {@code name}; {@code what} starts the message ("An endpoint").
	 */
	static void checkName(EntityManager em, String entity, String name, String id, String what) {
		List<String> same = em.createQuery("SELECT x.id FROM " + entity + " x WHERE x.nameKey = :k", String.class)
				.setParameter("k", key(name)).getResultList();
		if (same.stream().anyMatch(other -> !other.equals(id))) {
			throw new IllegalArgumentException(duplicate(what, name));
		}
	}

	/** The message of a duplicate name, the same from the check and from the index. */
	static String duplicate(String what, String name) {
		return what + " named '" + name.strip() + "' already exists";
	}

	/**
	 * Runs a save; a unique-index violation (two saves of one name at once, past the check in code) becomes an
	 * {@link IllegalArgumentException} with {@code message}, the same as the check's.
	 */
	static <T> T unique(Supplier<T> save, String message) {
		try {
			return save.get();
		} catch (PersistenceException e) {
			for (Throwable t = e; t != null; t = t.getCause()) {
				if (t instanceof java.sql.SQLException sql && DUPLICATE_KEY.equals(sql.getSQLState())) {
					throw new IllegalArgumentException(message, e);
				}
			}
			throw e;
		}
	}
}
