package io.lbctl.bench;

import io.lbctl.schemas.SpecReader;
import io.lbctl.schemas.SpecResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steady-state cost of reading one spec (YAML, schema, semantic checks, model), per example.
 * Run from the repository root: {@code java -jar bench/target/benchmarks.jar SpecReader}.
 * Start-up time is measured separately, on {@code bin/lbctl} (see the README).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpecReaderBenchmark {
    @Param({"alb-content-routing", "k8s-ingress-alb", "gateway-geneve"})
    public String example;

    private String text;

    @Setup
    public void load() throws IOException {
        text = Files.readString(Path.of("examples", example, "lb.yaml"));
    }

    @Benchmark
    public SpecResult readSpec() {
        SpecResult result = SpecReader.read("lb.yaml", text);
        if (!result.valid()) {
            throw new IllegalStateException("example no longer validates: " + example);
        }
        return result;
    }
}
