package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** A dataset of a saved configuration with its weight, in order. */
@Entity
@Table(name = "TEST_CONFIG_DATASET", indexes = @Index(name = "TEST_CONFIG_DATASET_CONFIG", columnList = "CONFIG_ID,POSITION"))
public class ConfigurationDatasetEntity {

	/** {@code <configuration id>#<position>}. */
	@Id
	@Column(name = "ID", length = 80)
	String id;

	@Column(name = "CONFIG_ID", length = 64)
	String configId;

	@Column(name = "POSITION")
	int position;

	@Column(name = "DATASET_NAME", length = 200)
	String datasetName;

	@Column(name = "WEIGHT")
	double weight;
}
