package io.lbctl.backend.local;

import io.lbctl.backend.local.alb.AlbDataPlane;
import io.lbctl.backend.local.nlb.NlbDataPlane;
import io.lbctl.backend.local.health.HealthChecker;
import io.lbctl.backend.local.health.HealthRegistry;
import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.ElbApiInitializer;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.api.Xml;
import io.lbctl.backend.local.api.SigV4Verifier;
import io.lbctl.backend.local.control.ControlPlane;
import io.lbctl.backend.local.store.ResourceStore;
import io.lbctl.backend.local.store.StatePersistence;
import io.lbctl.backend.local.tls.CertificateRegistry;
import io.lbctl.backend.local.tls.CertificateStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local region: the ELBv2 control plane and its Query API on loopback (data planes join as
 * they come). {@link #start} binds and returns a running runtime; {@link #close} stops it.
 */
public final class LocalRuntime implements AutoCloseable {
    /**
     * Where and how to run; {@code apiPort} 0 picks a free port, {@code ioThreads} 0 takes
     * {@link Transports#defaultThreads()}.
     */
    public record Settings(Path stateDir, String apiHost, int apiPort, Topology topology, TargetNetworks targetNetworks,
                           Clock clock, Duration provisioning, int ioThreads) {
        public Settings {
            if (ioThreads < 0) {
                throw new IllegalArgumentException("ioThreads must be 0 (the default) or more, not " + ioThreads);
            }
        }

        public static Settings defaults(Path stateDir) {
            return new Settings(stateDir, "127.0.0.1", 0, Topology.defaults(), TargetNetworks.LOOPBACK, Clock.systemUTC(),
                    Duration.ofSeconds(2), 0);
        }

        public Settings withApiPort(int port) {
            return new Settings(stateDir, apiHost, port, topology, targetNetworks, clock, provisioning, ioThreads);
        }

        public Settings withClock(Clock c) {
            return new Settings(stateDir, apiHost, apiPort, topology, targetNetworks, c, provisioning, ioThreads);
        }
    }

    /** The API could not bind its address (port taken, address not local, no permission). */
    public static final class BindFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BindFailure(String address, Throwable cause) {
            super("cannot listen on " + address + ": " + cause.getMessage(), cause);
        }
    }

    private final Settings settings;
    private final LocalCredentials credentials;
    private final ResourceStore store;
    private final EventLoopGroup loops;
    private final ExecutorService serial;
    private final Channel api;
    private final AlbDataPlane alb;
    private final NlbDataPlane nlb;
    private final HealthChecker checker;
    private final ApiActions actions;
    private final CertificateStore certificates;
    private final CertificateRegistry registry;
    /** The registry as last taken up; written by the API's thread and by {@link #registerCertificate}. */
    private volatile String certificateStamp;

    private LocalRuntime(Settings settings, LocalCredentials credentials, ResourceStore store, EventLoopGroup loops,
                         ExecutorService serial, Channel api, AlbDataPlane alb, NlbDataPlane nlb, HealthChecker checker,
                         ApiActions actions, CertificateStore certificates) {
        this.settings = settings;
        this.credentials = credentials;
        this.store = store;
        this.loops = loops;
        this.serial = serial;
        this.api = api;
        this.alb = alb;
        this.nlb = nlb;
        this.checker = checker;
        this.actions = actions;
        this.certificates = certificates;
        this.registry = new CertificateRegistry(settings.stateDir());
        this.certificateStamp = registry.stamp(); // what is recorded now is read when a listener first names it
    }

    /**
     * Runs one ELBv2 action in-process, with the same rules and on the same thread as API
     * requests, and returns its result XML; a refused action throws its {@link ApiError}.
     */
    public String invoke(String action, Map<String, String> parameters) {
        Map<String, String> all = new java.util.HashMap<>(parameters);
        all.put("Action", action);
        try {
            return serial.submit(() -> {
                Xml xml = Xml.document(action + "Response").start(action + "Result");
                actions.find(action).orElseThrow(() -> ApiError.of("InvalidAction", action)).run(new QueryRequest(all), xml);
                return xml.end().finish();
            }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Makes PEM files stand for a certificate ARN, as an overlay's {@code certificates:} does;
     * listeners that name it serve with it at once.
     *
     * @throws IllegalArgumentException when the files cannot serve TLS, with the reason
     */
    public void registerCertificate(String arn, Path certificateFile, Path privateKeyFile) {
        certificates.register(arn, certificateFile, privateKeyFile);
        registry.record(arn, certificateFile, privateKeyFile);
        // Taken up here already: the periodic check must not forget it and rebuild every listener again.
        certificateStamp = registry.stamp();
        alb.apply(store.state());
        nlb.apply(store.state());
    }

    /** How many event loops carry traffic and serve the API. */
    public int ioThreads() {
        return ((io.netty.channel.MultithreadEventLoopGroup) loops).executorCount();
    }

    /** The application load balancers' data plane. */
    public AlbDataPlane alb() {
        return alb;
    }

    /** The network load balancers' data plane. */
    public NlbDataPlane nlb() {
        return nlb;
    }

    public static LocalRuntime start(Settings settings) throws InterruptedException {
        LocalCredentials credentials = LocalCredentials.loadOrCreate(settings.stateDir());
        ResourceStore store = new ResourceStore(new StatePersistence(settings.stateDir()), settings.topology(),
                settings.clock(), settings.provisioning());
        SigV4Verifier verifier = new SigV4Verifier(settings.topology().region(),
                Map.of(credentials.accessKeyId(), credentials.secretAccessKey()), settings.clock());
        EventLoopGroup loops = Transports.eventLoops(settings.ioThreads());
        ExecutorService serial = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lbctl-control-plane");
            t.setDaemon(true);
            return t;
        });
        try {
            HealthRegistry health = new HealthRegistry();
            ApiActions actions = ControlPlane.actions(store, settings.targetNetworks(), health);
            Channel api = new ServerBootstrap().group(loops).channel(Transports.serverChannel())
                    .childHandler(new ElbApiInitializer(actions, verifier, serial))
                    .bind(settings.apiHost(), settings.apiPort()).sync().channel();
            CertificateStore certificates = new CertificateStore(new CertificateRegistry(settings.stateDir()));
            AlbDataPlane alb = new AlbDataPlane(loops, settings.targetNetworks(), health, certificates, settings.clock());
            NlbDataPlane nlb = new NlbDataPlane(loops, settings.targetNetworks(), settings.topology(), health, certificates,
                    settings.clock());
            HealthChecker checker = new HealthChecker(loops, settings.targetNetworks(), health);
            store.observe(alb::apply);
            store.observe(nlb::apply);
            store.observe(checker::apply);
            LocalRuntime runtime = new LocalRuntime(settings, credentials, store, loops, serial, api, alb, nlb, checker, actions,
                    certificates);
            loops.next().scheduleWithFixedDelay(runtime::certificatesMayHaveChanged, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
            return runtime;
        } catch (Exception e) {
            // Netty's native transport throws checked I/O errors from bind without declaring them.
            loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
            serial.shutdownNow();
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new BindFailure(settings.apiHost() + ":" + settings.apiPort(), e);
        }
    }

    /** The API's endpoint, such as {@code http://127.0.0.1:4566}. */
    public URI endpoint() {
        InetSocketAddress address = (InetSocketAddress) api.localAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    /**
     * {@code lbctl apply --target local --overlay} records certificates from another process; a
     * listener that already named one must then be served with it, though the store did not change.
     * Checked on the API's own thread, so it never races a store change.
     */
    private void certificatesMayHaveChanged() {
        try {
            serial.execute(() -> {
                String stamp = registry.stamp();
                if (!stamp.equals(certificateStamp)) {
                    certificateStamp = stamp;
                    certificates.forgetRecorded();
                    alb.apply(store.state());
                    nlb.apply(store.state());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    public LocalCredentials credentials() {
        return credentials;
    }

    public String region() {
        return settings.topology().region();
    }

    public ResourceStore store() {
        return store;
    }

    @Override
    public synchronized void close() {
        if (loops.isShuttingDown()) {
            return;
        }
        api.close().syncUninterruptibly();
        checker.close();
        alb.close();
        nlb.close();
        loops.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        serial.shutdown();
        try {
            serial.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
