package io.lbctl.cli;

import io.lbctl.backend.local.LocalRuntime;
import io.lbctl.backend.local.RuntimeFile;
import io.lbctl.backend.local.TargetNetworks;
import io.lbctl.backend.local.Topology;
import io.lbctl.model.aws.IpAddresses;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lbctl serve-local}: runs the local region (the ELBv2 API, data planes as they come)
 * until SIGINT or SIGTERM, then shuts down cleanly. State survives restarts.
 */
@Command(name = "serve-local", mixinStandardHelpOptions = true,
        description = "Run the local ELBv2 runtime on loopback until interrupted.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGINT or SIGTERM", "1:could not start (port taken, state unreadable, ...)",
                "2:bad flags"})
final class ServeLocalCommand implements Callable<Integer> {
    static final int DEFAULT_API_PORT = 4560;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where resources and credentials are kept (default: $LBCTL_STATE_DIR or ~/.lbctl/local).")
    Path stateDir;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_API_PORT,
            description = "Port of the ELBv2 API on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int apiPort;

    @Option(names = "--subnet", paramLabel = "ID=ZONE=ADDRESS",
            description = "Add a subnet: its zone and the loopback address the zone's node binds, such as "
                    + "subnet-0a1b2c3d=us-east-1d=127.0.0.5. Repeatable; the defaults stay.")
    List<String> subnets = new ArrayList<>();

    @Option(names = "--target-network", paramLabel = "CIDR",
            description = "Widen the networks the runtime may contact beyond loopback. Repeatable.")
    List<String> targetNetworks = new ArrayList<>();

    @Option(names = "--spec", paramLabel = "FILE", description = "Load this spec into the local region at start.")
    Path specFile;

    @Option(names = "--overlay", paramLabel = "FILE", description = "The spec's local overlay (targets, ports, certificates).")
    Path overlayFile;

    @Option(names = "--no-demo", description = "Do not serve the embedded demo when the local region is empty.")
    boolean noDemo;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "Threads that carry traffic and serve the API (default: one per core but one, at least one).")
    Integer ioThreads;

    /** Thrown after a spec's diagnostics were printed. */
    private static final class SpecProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SpecProblem() {
            super(null, null, false, false);
        }
    }

    /** A spec and its overlay, valid together. */
    record LoadedSpec(io.lbctl.model.Stack stack, io.lbctl.model.LocalOverlay overlay) {
        static LoadedSpec demo() {
            var spec = io.lbctl.schemas.SpecReader.read("demo/lb.yaml", resource("demo/lb.yaml"));
            var overlay = io.lbctl.schemas.OverlayReader.read("demo/lb.local.yaml",
                    new String(resource("demo/lb.local.yaml"), java.nio.charset.StandardCharsets.UTF_8), Path.of("."),
                    spec.stack().orElseThrow());
            return new LoadedSpec(spec.stack().orElseThrow(), overlay.overlay().orElseThrow());
        }

        private static byte[] resource(String name) {
            try (var in = ServeLocalCommand.class.getResourceAsStream(name)) {
                return in.readAllBytes();
            } catch (java.io.IOException | NullPointerException e) {
                throw new IllegalStateException("the embedded demo is missing from the build: " + name, e);
            }
        }
    }

    /** The region is empty or holds only the demo, so the demo (and its targets) should run. */
    private static boolean onlyDemo(LocalRuntime runtime) {
        var state = runtime.store().state();
        return state.loadBalancers().keySet().stream()
                .allMatch(arn -> DEMO_STACK.equals(state.tagsOf(arn).get("lbctl:stack")));
    }

    static final String DEMO_STACK = "local-quickstart";

    private Optional<LoadedSpec> loadSpec(PrintWriter err) {
        if (specFile == null) {
            if (overlayFile != null) {
                throw new ParameterException(spec.commandLine(), "--overlay needs --spec");
            }
            return Optional.empty();
        }
        var result = io.lbctl.schemas.SpecReader.read(specFile);
        if (!result.valid()) {
            TextDiagnosticRenderer.render(List.of(result), err);
            throw new SpecProblem();
        }
        io.lbctl.model.LocalOverlay overlay = io.lbctl.model.LocalOverlay.NONE;
        if (overlayFile != null) {
            var o = io.lbctl.schemas.OverlayReader.read(overlayFile, result.stack().orElseThrow());
            if (!o.valid()) {
                TextDiagnosticRenderer.render(List.of(o.asSpecResult()), err);
                throw new SpecProblem();
            }
            overlay = o.overlay().orElseThrow();
        }
        return Optional.of(new LoadedSpec(result.stack().orElseThrow(), overlay));
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = LocalStateDir.resolve(stateDir);
        if (apiPort < 0 || apiPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--api-port must be 0-65535");
        }
        if (ioThreads != null && (ioThreads < 1 || ioThreads > 1024)) {
            throw new ParameterException(spec.commandLine(), "--io-threads must be 1-1024");
        }
        Topology topology = topology();
        TargetNetworks networks = networks();
        dataPlaneDefaults();
        Optional<RuntimeFile> running = RuntimeFile.findRunning(dir);
        if (running.isPresent()) {
            err.println("lbctl: a local runtime is already serving from " + dir + " at " + running.get().endpoint()
                    + " (pid " + running.get().pid() + ")");
            return ExitCodes.ERROR;
        }
        Optional<LoadedSpec> loaded;
        try {
            loaded = loadSpec(err);
        } catch (SpecProblem e) {
            return ExitCodes.INVALID;
        }
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.start(new LocalRuntime.Settings(dir, "127.0.0.1", apiPort, topology, networks,
                    Clock.systemUTC(), Duration.ofSeconds(2), ioThreads == null ? 0 : ioThreads));
        } catch (RuntimeException e) {
            err.println("lbctl: cannot start the local runtime: " + describe(e));
            return ExitCodes.ERROR;
        }
        CountDownLatch signalled = new CountDownLatch(1);
        Thread hook = new Thread(() -> stop(runtime, dir), "lbctl-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        SignalStop.onTermination(signalled::countDown);
        DemoTargets demo = null;
        try {
            if (loaded.isEmpty() && !noDemo && onlyDemo(runtime)) {
                loaded = Optional.of(LoadedSpec.demo());
                demo = DemoTargets.start(loaded.get().overlay());
                out.println("Serving the embedded demo (examples/local-quickstart) with its demo targets; "
                        + "--spec serves your own, --no-demo nothing.");
            }
            if (loaded.isPresent()) {
                new LocalStackApplier(runtime, loaded.get().stack(), loaded.get().overlay()).apply()
                        .forEach(note -> out.println("note: " + note));
            }
        } catch (RuntimeException e) {
            err.println("lbctl: cannot load the spec into the local runtime: " + describe(e));
            shutDown(runtime, dir, hook, demo);
            return ExitCodes.ERROR;
        }
        // Written once everything is loaded, so "running" means ready to take traffic.
        new RuntimeFile(runtime.endpoint(), runtime.region(), ProcessHandle.current().pid()).write(dir);
        ServeLocalBanner.print(out, runtime, dir, topology, networks);
        try {
            signalled.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutDown(runtime, dir, hook, demo);
        out.println("lbctl local runtime stopped");
        out.flush();
        return ExitCodes.OK;
    }

    private static void shutDown(LocalRuntime runtime, Path dir, Thread hook, DemoTargets demo) {
        Runtime.getRuntime().removeShutdownHook(hook);
        if (demo != null) {
            demo.close();
        }
        stop(runtime, dir);
    }

    private static synchronized void stop(LocalRuntime runtime, Path dir) {
        runtime.close();
        RuntimeFile.delete(dir);
    }

    /**
     * Netty's debugging aids, off unless their properties are set (tests set them): sampled leak
     * tracking records a stack trace per sample, and the reference-count check before every
     * buffer access cost about 8 % of the data plane's CPU (bench/alb-vs-haproxy.sh). Bounds
     * checks stay on. Read when Netty's classes load, so this runs before the runtime starts.
     */
    private static void dataPlaneDefaults() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
        if (System.getProperty("io.netty.buffer.checkAccessible") == null) {
            System.setProperty("io.netty.buffer.checkAccessible", "false");
        }
    }

    private Topology topology() {
        Topology defaults = Topology.defaults();
        Map<String, Topology.Subnet> all = new LinkedHashMap<>(defaults.subnets());
        for (String s : subnets) {
            String[] parts = s.split("=", -1);
            if (parts.length != 3 || !parts[0].matches("subnet-[0-9a-f]{8}([0-9a-f]{9})?")
                    || !parts[1].matches("[a-z]{2}(-[a-z0-9]+)+[a-z]") || IpAddresses.parse(parts[2]).isEmpty()
                    || !IpAddresses.parse(parts[2]).get().isLoopbackAddress()) {
                throw new ParameterException(spec.commandLine(), "--subnet '" + s + "' must be SUBNET=ZONE=LOOPBACK-ADDRESS, "
                        + "such as subnet-0a1b2c3d=us-east-1d=127.0.0.5");
            }
            all.put(parts[0], new Topology.Subnet(parts[1], parts[2]));
        }
        return new Topology(defaults.region(), defaults.account(), defaults.vpcId(), all);
    }

    private TargetNetworks networks() {
        List<String> cidrs = new ArrayList<>(TargetNetworks.LOOPBACK.cidrs());
        for (String c : targetNetworks) {
            if (!IpAddresses.isCidr(c)) {
                throw new ParameterException(spec.commandLine(), "--target-network '" + c + "' is not a CIDR block");
            }
            cidrs.add(c);
        }
        return new TargetNetworks(cidrs);
    }

    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof java.net.BindException || m.contains("Address already in use")) {
                return "the API port is taken (" + e.getMessage() + "); choose another with --api-port";
            }
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
