package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.Index;

/** A configured GPU host (no secret: those are in secure storage). Names are unique: checked on save. */
@Entity
@Table(name = "GPU_HOST", indexes = @Index(name = "GPU_HOST_NAME", columnList = "NAME_KEY"))
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
