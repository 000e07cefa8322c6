package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A configured GPU host (no secret: those are in secure storage). Names are unique ignoring case (unique index
 * on {@code NAME_KEY} since schema 3, created by {@link Migrations}; schemas 1 and 2 had a plain index and only
 * the check on save).
 */
@Entity
@Table(name = "GPU_HOST")
public class GpuHostEntity extends NamedEntity {

	@Column(name = "KIND", length = 20)
	String kind;

	@Column(name = "HOSTNAME", length = 300)
	String hostname;

	@Column(name = "PORT")
	int port;

	@Column(name = "SSH_USER", length = 100)
	String user;

	@Column(name = "AUTH", length = 20)
	String auth;

	@Column(name = "KEY_FILE", length = 1000)
	String keyFile;

	@Column(name = "COMMAND", length = 1000)
	String command;
}
