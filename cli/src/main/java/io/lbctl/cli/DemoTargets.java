package io.lbctl.cli;

import com.sun.net.httpserver.HttpServer;
import io.lbctl.model.LocalOverlay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small HTTP servers standing in for the demo's targets, one on each local endpoint of the
 * demo overlay. Each says who it is and what it received, so a curl through the load balancer
 * shows where the request went and which headers ALB added. /health answers 200.
 */
final class DemoTargets implements AutoCloseable {
    private final List<HttpServer> servers = new ArrayList<>();

    static DemoTargets start(LocalOverlay overlay) {
        DemoTargets targets = new DemoTargets();
        for (Map.Entry<String, Map<String, LocalOverlay.HostPort>> group : overlay.targets().entrySet()) {
            for (Map.Entry<String, LocalOverlay.HostPort> target : group.getValue().entrySet()) {
                try {
                    targets.serve(group.getKey(), target.getKey(), target.getValue());
                } catch (IOException e) {
                    targets.close();
                    throw new UncheckedIOException("cannot start the demo target " + target.getKey() + " on "
                            + target.getValue() + ": " + e.getMessage() + " (is another serve-local of the demo running?)", e);
                }
            }
        }
        return targets;
    }

    private void serve(String group, String key, LocalOverlay.HostPort at) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(at.host(), at.port()), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String body = path.equals("/health") ? "ok\n" : "Hello from target group '" + group + "', target " + key
                    + " (really " + at + ")\n  " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + "\n  Host: " + exchange.getRequestHeaders().getFirst("Host")
                    + "\n  X-Forwarded-For: " + exchange.getRequestHeaders().getFirst("X-Forwarded-For")
                    + "\n  X-Forwarded-Proto: " + exchange.getRequestHeaders().getFirst("X-Forwarded-Proto")
                    + "\n  X-Forwarded-Port: " + exchange.getRequestHeaders().getFirst("X-Forwarded-Port")
                    + "\n  X-Amzn-Trace-Id: " + exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id") + "\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        servers.add(server);
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
    }
}
