package io.deepstress.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.deepstress.core.batch.Shard;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.Timeouts;

/** The arithmetic of {@code --shard I/N}: parts add up exactly, prompts are dealt out disjoint and complete. */
class ShardTest {

	private static Dataset prompts(String name, int n) {
		List<Prompt> p = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			p.add(new Prompt(name + "-" + i, "prompt " + i));
		}
		return new Dataset(name, p);
	}

	private static RunConfig config(Load load, Limits limits, Dataset... datasets) {
		List<DatasetShare> shares = new ArrayList<>();
		for (int i = 0; i < datasets.length; i++) {
			shares.add(new DatasetShare(datasets[i], i + 1));
		}
		return new RunConfig("agents", new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", null, null),
				new RequestOptions(true, 8, null, null, true), shares, load, limits, Timeouts.defaults(),
				RetryPolicy.none());
	}

	@Test
	void partsAddUpExactlyAndDifferByAtMostOne() {
		for (int count = 1; count <= 17; count++) {
			for (long total : new long[] { 0, 1, 5, 16, 17, 99, 1000, 1_000_003 }) {
				long sum = 0, min = Long.MAX_VALUE, max = Long.MIN_VALUE;
				for (int i = 0; i < count; i++) {
					long part = new Shard(i, count).part(total);
					sum += part;
					min = Math.min(min, part);
					max = Math.max(max, part);
				}
				assertEquals(total, sum, total + " into " + count);
				assertTrue(max - min <= 1, total + " into " + count + ": " + min + ".." + max);
			}
		}
	}

	@Test
	void aLoadSplitsItsConcurrencyRateRequestsAndPrompts() {
		Dataset a = prompts("a", 50), b = prompts("b", 7);
		RunConfig closed = config(new Load.ClosedLoop(10), Limits.requests(103), a, b);
		int concurrency = 0;
		long requests = 0;
		Set<String> seenA = new HashSet<>(), seenB = new HashSet<>();
		int promptsA = 0, promptsB = 0;
		for (int i = 0; i < 4; i++) {
			RunConfig part = new Shard(i, 4).apply(closed);
			assertEquals("agents shard " + i + "/4", part.name());
			concurrency += ((Load.ClosedLoop) part.load()).concurrency();
			requests += part.limits().maxRequests();
			assertEquals(List.of(1.0, 2.0), part.datasets().stream().map(DatasetShare::weight).toList(), "weights kept");
			for (Prompt p : part.datasets().get(0).dataset().prompts()) {
				assertTrue(seenA.add(p.id()), "prompt " + p.id() + " in two shards");
				promptsA++;
			}
			for (Prompt p : part.datasets().get(1).dataset().prompts()) {
				assertTrue(seenB.add(p.id()), "prompt " + p.id() + " in two shards");
				promptsB++;
			}
		}
		assertEquals(10, concurrency);
		assertEquals(103, requests);
		assertEquals(50, promptsA, "every prompt of a in exactly one shard");
		assertEquals(50, seenA.size());
		assertEquals(7, promptsB);
		assertEquals(7, seenB.size());
		// deterministic: the same shard gets the same prompts every time
		assertEquals(new Shard(2, 4).apply(closed).datasets().get(0).dataset().prompts(),
				new Shard(2, 4).apply(closed).datasets().get(0).dataset().prompts());

		RunConfig open = config(new Load.OpenLoop(25, true, 9), Limits.requests(10), a);
		double rate = 0;
		int cap = 0;
		for (int i = 0; i < 3; i++) {
			Load.OpenLoop part = (Load.OpenLoop) new Shard(i, 3).apply(open).load();
			rate += part.ratePerSecond();
			cap += part.maxConcurrency();
			assertTrue(part.poisson());
		}
		assertEquals(25, rate, 1e-9);
		assertEquals(9, cap);
	}

	@Test
	void aTraceSplitsItsArrivalsWithThePromptsTheyCarry() {
		List<Long> offsets = List.of(0L, 10L, 20L, 30L, 40L, 50L, 60L);
		RunConfig trace = config(new Load.Scheduled(offsets, 2, 8), Limits.singlePass(), prompts("t", 7));
		List<Long> all = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			RunConfig part = new Shard(i, 3).apply(trace);
			Load.Scheduled s = (Load.Scheduled) part.load();
			List<Prompt> p = part.datasets().get(0).dataset().prompts();
			assertEquals(s.offsetsMicros().size(), p.size(), "one prompt per arrival");
			for (int k = 0; k < p.size(); k++) { // arrival j keeps its own prompt j
				assertEquals("t-" + s.offsetsMicros().get(k) / 10, p.get(k).id());
			}
			all.addAll(s.offsetsMicros());
		}
		all.sort(null);
		assertEquals(offsets, all);
	}

	@Test
	void aLoadTooSmallForTheShardsIsRefusedSayingWhy() {
		RunConfig c = config(new Load.ClosedLoop(2), Limits.requests(100), prompts("a", 10));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Shard(3, 4).apply(c));
		assertEquals("a concurrency of 2 cannot be split into 4 shards: each needs at least 1", e.getMessage());
		RunConfig few = config(new Load.ClosedLoop(8), Limits.requests(3), prompts("a", 10));
		assertEquals("3 requests cannot be split into 4 shards: each needs at least one",
				assertThrows(IllegalArgumentException.class, () -> new Shard(3, 4).apply(few)).getMessage());
		// fewer prompts than shards: every shard sends them all (a closed loop cycles through its prompts)
		RunConfig small = config(new Load.ClosedLoop(8), Limits.requests(40), prompts("s", 2));
		assertEquals(2, new Shard(3, 4).apply(small).datasets().get(0).dataset().prompts().size());
	}

	@Test
	void badSpecsNameTheWrongPart() {
		assertEquals(new Shard(0, 4), Shard.parse("0/4"));
		assertEquals(new Shard(3, 4), Shard.parse(" 3 / 4 "));
		assertEquals("3/4", Shard.parse("3/4").toString());
		assertEquals("the shard index 5 is not from 0 to 3 (shards are numbered from 0, as JOB_COMPLETION_INDEX)",
				assertThrows(IllegalArgumentException.class, () -> Shard.parse("5/4")).getMessage());
		assertEquals("the shard index 4 is not from 0 to 3 (shards are numbered from 0, as JOB_COMPLETION_INDEX)",
				assertThrows(IllegalArgumentException.class, () -> Shard.parse("4/4")).getMessage());
		assertEquals("the shard count must be at least 1, not 0",
				assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/0")).getMessage());
		assertEquals("the shard index 'a' in 'a/b' is not a whole number (a shard is INDEX/COUNT, e.g. 0/4)",
				assertThrows(IllegalArgumentException.class, () -> Shard.parse("a/b")).getMessage());
		assertEquals("the shard count 'x' in '1/x' is not a whole number (a shard is INDEX/COUNT, e.g. 0/4)",
				assertThrows(IllegalArgumentException.class, () -> Shard.parse("1/x")).getMessage());
		assertEquals("'3' is not INDEX/COUNT (e.g. 0/4): no '/'",
				assertThrows(IllegalArgumentException.class, () -> Shard.parse("3")).getMessage());
		assertEquals("the shard index -1 is not from 0 to 3 (shards are numbered from 0, as JOB_COMPLETION_INDEX)",
				assertThrows(IllegalArgumentException.class, () -> Shard.parse("-1/4")).getMessage());
	}
}
