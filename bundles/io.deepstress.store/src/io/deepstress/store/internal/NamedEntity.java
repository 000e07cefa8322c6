package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * A row the user names: an id, the name as typed, and the name in lower case ({@code NAME_KEY}) that makes
 * names unique regardless of case (a unique index from {@link Migrations}, or a check in code).
 */
@MappedSuperclass
public abstract class NamedEntity {

	@Id
	@Column(name = "ID", length = 64)
	String id;

	@Column(name = "NAME", length = 200)
	String name;

	@Column(name = "NAME_KEY", length = 200)
	String nameKey;
}
