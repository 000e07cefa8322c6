package io.deepstress.ui.gpu.internal;

import io.deepstress.core.gpu.GpuHost;

/** How a GPU host reads in the views. */
final class GpuSourcesLabels {

	private GpuSourcesLabels() {
	}

	static String label(GpuHost h) {
		return switch (h.kind()) {
			case LOCAL_NVML, LOCAL_SMI, LOCAL_AMD_SMI -> h.name() + (h.command() != null && !h.command().isBlank() ? " — " + h.command() : "");
			case SSH -> h.name() + " (" + (h.user() == null ? "" : h.user() + "@") + h.hostname()
					+ (h.port() > 0 && h.port() != 22 ? ":" + h.port() : "") + ")";
			case DCGM -> h.name() + " (" + h.hostname() + ")";
		};
	}
}
