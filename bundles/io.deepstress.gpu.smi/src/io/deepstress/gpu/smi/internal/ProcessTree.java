package io.deepstress.gpu.smi.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ending a process together with the processes it started (nvidia-smi wrappers, a script's sleep). */
final class ProcessTree {

	private ProcessTree() {
	}

	/** Ends a process and everything it started (children first collected, since they outlive it). */
	static void destroy(Process p) {
		List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
		p.destroy();
		tree.forEach(ProcessHandle::destroy);
		try {
			if (!p.waitFor(2, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				p.waitFor(2, TimeUnit.SECONDS);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			p.destroyForcibly();
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		for (ProcessHandle h : tree) {
			while (h.isAlive() && System.nanoTime() < deadline) {
				try {
					Thread.sleep(10);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			if (h.isAlive()) {
				h.destroyForcibly();
			}
		}
	}
}
