package io.lbctl.backend.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Real HTTP targets on 127.0.0.1 for data-plane tests; each answers what its handler returns. */
final class TestTargets implements AutoCloseable {
    /** What a target answers: a status and a body. */
    record Answer(int status, String body) {
    }

    private final List<HttpServer> servers = new ArrayList<>();

    /** Starts a target; returns its port. */
    int start(Function<HttpExchange, Answer> handler) {
        try {
            return serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an HTTPS target with a self-signed certificate; returns its port. */
    int startHttps(Function<HttpExchange, Answer> handler) {
        try {
            var bundle = new io.netty.pkitesting.CertificateBuilder().subject("CN=target.internal").setIsCertificateAuthority(true)
                    .buildSelfSigned();
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(bundle.toKeyManagerFactory().getKeyManagers(), null, null);
            var server = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            return serve(server, handler);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int serve(HttpServer server, Function<HttpExchange, Answer> handler) {
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            Answer a = handler.apply(exchange);
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }

    /** A target that answers 200 with its name. */
    int named(String name) {
        return start(exchange -> new Answer(200, name));
    }

    void stop(int index) {
        servers.get(index).stop(0);
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
    }
}
