package io.deepstress.core.launch;

/**
 * The run a launch is at, said before it starts: its name, its place in the launch ({@code index} from 1 of
 * {@code count}) and, for a level of a sweep, the level's label ("c8", "r20/s"; empty otherwise).
 *
 * @param launchId the launch
 * @param runName  the run's name
 * @param index    from 1
 * @param count    runs in the launch
 * @param level    the sweep level's label, or empty
 */
public record LaunchStep(String launchId, String runName, int index, int count, String level) {

	public LaunchStep {
		level = level == null ? "" : level;
	}

	/** How a view says it: "level 2 of 4: concurrency 8", "level 1 of 2: 20 req/s", "run 2 of 3", or empty. */
	public String text() {
		if (level.startsWith("c")) {
			return "level " + index + " of " + count + ": concurrency " + level.substring(1);
		}
		if (level.startsWith("r")) {
			return "level " + index + " of " + count + ": " + level.substring(1).replace("/s", " req/s");
		}
		return count > 1 ? "run " + index + " of " + count : "";
	}
}
