package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The schema version of the database, one row. */
@Entity
@Table(name = "SCHEMA_VERSION")
public class SchemaVersionEntity {

	@Id
	@Column(name = "ID")
	int id = 1;

	@Column(name = "VERSION")
	int version;

	@Column(name = "UPDATED_MS")
	long updatedMillis;
}
