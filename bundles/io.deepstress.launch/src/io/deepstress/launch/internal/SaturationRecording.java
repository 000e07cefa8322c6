package io.deepstress.launch.internal;

import java.util.function.Consumer;

import io.deepstress.core.metrics.Saturation;
import io.deepstress.core.metrics.SaturationDetector;
import io.deepstress.core.metrics.SaturationVerdict;
import io.deepstress.core.metrics.SaturationWatch;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunListener;
import io.deepstress.core.services.RunStore;

/**
 * The live saturation test of one run and its verdict for the record: the watch tells of a finding as it is made;
 * the verdict (found, or not found in a run of so many seconds) goes to the recorder before its final write.
 */
final class SaturationRecording {

	private final SaturationDetector detector = SaturationDetector.defaults();
	private volatile Saturation found;

	/** The watch to add to the run's listeners; {@code onFound} hears the first finding. */
	RunListener watch(Consumer<Saturation> onFound) {
		return new SaturationWatch(detector, s -> {
			found = s;
			onFound.accept(s);
		});
	}

	/** A listener to put before the recorder: at the run's end it gives the recorder the verdict. */
	RunListener verdictTo(RunStore.Recorder recorder) {
		return new RunListener() {
			@Override
			public void onFinished(RunSummary summary) {
				recorder.onSaturation(verdict(summary.durationSeconds()));
			}
		};
	}

	SaturationVerdict verdict(double seconds) {
		Saturation s = found;
		return s != null ? SaturationVerdict.found(s, detector.window(), s.confidence())
				: SaturationVerdict.notFound(detector.window(), 0.95, seconds);
	}
}
