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
 * {@code lbctl serve-local}: runs the local region (the ELBv2 API and the data planes) until SIGINT
 * or SIGTERM, then shuts down cleanly. State survives restarts. A spec is applied through the
 * planner and the API, as {@code lbctl apply --target local} would, and watched for changes.
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

    @Option(names = "--spec", paramLabel = "FILE", description = "Plan and apply this spec to the local region at start, and again each time it is saved.")
    Path specFile;

    @Option(names = "--overlay", paramLabel = "FILE", description = "The spec's local overlay (targets, ports, certificates).")
    Path overlayFile;

    @Option(names = "--no-demo", description = "Do not serve the embedded demo when the local region is empty.")
    boolean noDemo;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "Threads that carry traffic and serve the API (default: one per core).")
    Integer ioThreads;

    @Option(names = "--watch-interval", paramLabel = "MILLIS", defaultValue = "1000",
            description = "How often the spec and overlay are checked for changes, which are planned and applied "
                    + "(default: ${DEFAULT-VALUE}; 0 turns watching off).")
    long watchMillis;

    static final String DEMO_STACK = "local-quickstart";

    /** The embedded demo: the local-quickstart example and its overlay, kept in the jar. */
    private static SpecInput demo(PrintWriter err) {
        return SpecInput.read("demo/lb.yaml", resource("demo/lb.yaml"), Optional.of("demo/lb.local.yaml"),
                Optional.of(resource("demo/lb.local.yaml")), true, err).orElseThrow(
                        () -> new IllegalStateException("the embedded demo does not validate"));
    }

    private static String resource(String name) {
        try (var in = ServeLocalCommand.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the embedded demo is missing from the build: " + name, e);
        }
    }

    /** The region is empty or holds only the demo, so the demo (and its targets) should run. */
    private static boolean onlyDemo(LocalRuntime runtime) {
        var state = runtime.store().state();
        return state.loadBalancers().keySet().stream()
                .allMatch(arn -> DEMO_STACK.equals(state.tagsOf(arn).get("lbctl:stack")));
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
        if (specFile == null && overlayFile != null) {
            throw new ParameterException(spec.commandLine(), "--overlay needs --spec");
        }
        if (watchMillis < 0) {
            throw new ParameterException(spec.commandLine(), "--watch-interval must be 0 or more milliseconds");
        }
        Optional<SpecInput> loaded = Optional.empty();
        if (specFile != null) {
            try {
                loaded = SpecInput.read(specFile, Optional.ofNullable(overlayFile), true, err);
            } catch (CommandFailure e) {
                err.println("lbctl: " + e.getMessage());
                return ExitCodes.ERROR;
            }
            if (loaded.isEmpty()) {
                return ExitCodes.INVALID;
            }
        }
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.start(new LocalRuntime.Settings(dir, "127.0.0.1", apiPort, topology, networks,
                    Clock.systemUTC(), Duration.ofSeconds(2), ioThreads == null ? 0 : ioThreads));
        } catch (RuntimeException e) {
            err.println("lbctl: cannot start the local runtime: " + describeStart(e));
            return ExitCodes.ERROR;
        }
        CountDownLatch signalled = new CountDownLatch(1);
        Thread hook = new Thread(() -> stop(runtime, dir), "lbctl-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        SignalStop.onTermination(signalled::countDown);
        DemoTargets demo = null;
        LocalStackLoader loader = new LocalStackLoader(runtime, dir, out);
        SpecWatcher watcher = null;
        try {
            if (loaded.isEmpty() && !noDemo && onlyDemo(runtime)) {
                loaded = Optional.of(demo(err));
                demo = DemoTargets.start(loaded.get().overlay());
                out.println("Serving the embedded demo (examples/local-quickstart) with its demo targets; "
                        + "--spec serves your own, --no-demo nothing.");
                loader.load(loaded.get(), false);
            } else if (loaded.isPresent()) {
                loader.load(loaded.get(), true);
                if (watchMillis > 0) {
                    watcher = SpecWatcher.start(loaded.get(), specFile, Optional.ofNullable(overlayFile), Duration.ofMillis(watchMillis),
                            (specText, overlayText) -> reload(loader, specText, overlayText, out, err), err);
                }
            }
        } catch (RuntimeException e) {
            err.println("lbctl: cannot load the spec into the local runtime: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            shutDown(runtime, dir, hook, demo, loader, null);
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
        shutDown(runtime, dir, hook, demo, loader, watcher);
        out.println("lbctl local runtime stopped");
        out.flush();
        return ExitCodes.OK;
    }

    /** A change to the spec or overlay: planned and applied; an invalid one is reported and the last good one stays. */
    private void reload(LocalStackLoader loader, String specText, Optional<String> overlayText, PrintWriter out, PrintWriter err) {
        out.println();
        out.println("Change in " + (overlayFile == null ? specFile : specFile + " or " + overlayFile) + ": planning again.");
        out.flush();
        Optional<SpecInput> input = SpecInput.read(specFile.toString(), specText, Optional.ofNullable(overlayFile).map(Path::toString),
                overlayText, true, err);
        if (input.isEmpty()) {
            err.println("lbctl: the local region keeps serving the last valid spec");
            err.flush();
            return;
        }
        CommandErrors.guard(err, () -> {
            loader.load(input.get(), true);
            return ExitCodes.OK;
        });
    }

    private static void shutDown(LocalRuntime runtime, Path dir, Thread hook, DemoTargets demo, LocalStackLoader loader,
                                 SpecWatcher watcher) {
        if (watcher != null) {
            watcher.close();
        }
        loader.close();
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
     * buffer access cost about 8 % of the data plane's CPU (bench/run). Bounds
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

    /** Why the runtime did not start: a bind that failed there is the API's port. */
    private static String describeStart(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof java.net.BindException || m.contains("Address already in use")) {
                return "the API port is taken (" + e.getMessage() + "); choose another with --api-port";
            }
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
