package io.deepstress.engine.internal;

import io.deepstress.core.model.Prompt;

/**
 * One logical request of a run: the prompt to send and where it came from. Its attempts (retries) share
 * it.
 *
 * @param index   issue order within the run
 * @param dataset index of the dataset in the run configuration
 * @param name    the dataset's name
 * @param prompt  the prompt
 * @param warmup  a warm-up request (not in the statistics)
 */
record Work(long index, int dataset, String name, Prompt prompt, boolean warmup) {
}
