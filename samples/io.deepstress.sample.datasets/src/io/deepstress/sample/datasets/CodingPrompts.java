package io.deepstress.sample.datasets;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.services.DatasetProvider;

/**
 * A sample plug-in: one prompt dataset, "Sample coding prompts", offered to DeepStress as a
 * {@link DatasetProvider} service. Shows the smallest useful plug-in: a bundle with a DS component, in a
 * feature, in a p2 repository ({@code samples/io.deepstress.sample.repository}).
 */
@Component
public final class CodingPrompts implements DatasetProvider {

	static final String NAME = "Sample coding prompts";

	private static final List<String> TEXTS = List.of(
			"Write a Python function that returns the n-th Fibonacci number without recursion.",
			"Explain the difference between a process and a thread in two short paragraphs.",
			"Review this SQL for problems: SELECT * FROM orders WHERE customer_id = '42' OR 1=1;",
			"Write a bash one-liner that counts the lines of every .java file under src/ and prints the total.",
			"What does the 'volatile' keyword guarantee in Java, and what does it not guarantee?",
			"Convert this JSON to YAML: {\"server\": {\"port\": 8000, \"workers\": 4, \"tls\": false}}",
			"Write a regular expression that matches an IPv4 address and explain each part.",
			"Explain what a KV cache is in transformer inference and why it grows with the context.",
			"Write a Go HTTP handler that returns the current time as JSON.",
			"Suggest three ways to make a slow PostgreSQL query with a LIKE '%term%' filter faster.",
			"Write unit tests in JUnit 5 for a method that parses 'HH:MM' strings into minutes.",
			"Explain the CAP theorem using a shopping-cart service as the example.");

	@Override
	public String name() {
		return "DeepStress sample";
	}

	@Override
	public List<Dataset> datasets() {
		List<Prompt> prompts = new ArrayList<>();
		for (int i = 0; i < TEXTS.size(); i++) {
			prompts.add(new Prompt("coding-" + (i + 1), TEXTS.get(i)));
		}
		return List.of(new Dataset(NAME, prompts));
	}
}
