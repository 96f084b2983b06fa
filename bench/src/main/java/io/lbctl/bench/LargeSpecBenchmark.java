package io.lbctl.bench;

import io.lbctl.schemas.SpecReader;
import io.lbctl.schemas.SpecResult;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a large spec: the 1,000-resource stack of {@link LiveStatePlanBenchmark} (3,019 lines,
 * 86 KB of YAML) through {@link SpecReader} (YAML, position index, schema, semantic checks, model).
 * Run from the repository root: {@code java -jar bench/target/benchmarks.jar LargeSpec}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LargeSpecBenchmark {
    private String text;

    @Setup
    public void generate() throws IOException {
        text = LiveStatePlanBenchmark.spec();
        SpecResult result = SpecReader.read("generated.yaml", text);
        if (!result.valid()) {
            throw new IllegalStateException("generated spec is invalid: " + result.diagnostics());
        }
        System.out.printf("%n%d lines, %d bytes%n", text.lines().count(), text.length());
    }

    @Benchmark
    public SpecResult readSpec() {
        return SpecReader.read("generated.yaml", text);
    }
}
