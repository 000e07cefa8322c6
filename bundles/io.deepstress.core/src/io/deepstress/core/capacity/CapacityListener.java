package io.deepstress.core.capacity;

import io.deepstress.core.launch.LaunchListener;

/**
 * Hears a capacity search: each run as a launch does ({@link LaunchListener}: snapshots, results, each step) and
 * each level once judged. Never on the UI thread; must be quick.
 */
public interface CapacityListener extends LaunchListener {

	CapacityListener NONE = new CapacityListener() {
	};

	/** A level was judged (after its last repeat); {@code index} from 1 in the order levels were run. */
	default void onLevel(int index, CapacityLevel level) {
	}

	/** The search ended (answer found or not, stopped, failed). */
	default void onSearchEnd(CapacityResult result) {
	}
}
