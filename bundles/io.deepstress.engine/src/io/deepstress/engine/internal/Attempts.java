package io.deepstress.engine.internal;

import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.TokenSource;

/** Records of attempts that the engine makes or changes itself, not from a response. */
final class Attempts {

	private Attempts() {
	}

	/** The attempt marked as its request's last (no retry follows) or not. */
	static RequestResult withLast(RequestResult r, boolean last) {
		if (r.last() == last) {
			return r;
		}
		return new RequestResult(r.requestId(), r.index(), r.dataset(), r.promptId(), r.attempt(), last, r.warmup(),
				r.startNanos(), r.startEpochMicros(), r.ttftNanos(), r.e2eNanos(), r.itlCount(), r.itlMeanNanos(),
				r.itlMaxNanos(), r.tpotNanos(), r.outputTokens(), r.tokenSource(), r.inputTokens(), r.chars(),
				r.httpStatus(), r.error(), r.errorMessage(), r.inputTokensSent(), r.outputTokensAsked(), r.turn(),
				r.conversationId(), r.scheduledNanos(), r.httpTiming());
	}

	/** A retry that will not be sent because the run was stopped: the request's last attempt, cancelled. */
	static RequestResult cancelled(String idPrefix, Work work, int attempt) {
		long now = System.nanoTime();
		return new RequestResult(idPrefix + "-" + work.index() + "-" + attempt, work.index(), work.name(),
				work.prompt().id(), attempt, true, work.warmup(), now, System.currentTimeMillis() * 1000, -1, 0, 0, -1,
				-1, -1, 0, TokenSource.ESTIMATED, -1, 0, 0, ErrorKind.CANCELLED, "the run was stopped",
				work.prompt().inputTokens(), -1, work.turn(), work.conversationId());
	}
}
