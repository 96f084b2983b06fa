package io.lbctl.backend.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * One client connection to a network load balancer's node, speaking {@link LineTargets}' line
 * protocol: each line sent comes back as {@code target|peer|line}.
 */
final class LineClient implements AutoCloseable {
    /** A reply: which target answered, the address the target saw the connection come from, and the line. */
    record Reply(String target, String peer, String line) {
        static Reply parse(String text) {
            String[] parts = text.split("\\|", 3);
            return new Reply(parts[0], parts[1], parts[2]);
        }
    }

    final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    /** Connects to {@code node}:{@code port}, from {@code from} (any local address when null). */
    LineClient(String from, String node, int port) throws IOException {
        socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(new InetSocketAddress(node, port), 5_000);
        socket.setSoTimeout(5_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
    }

    /** Speaks the line protocol over a socket already connected (a TLS one, say). */
    LineClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(5_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
    }

    /** Sends a line without waiting for anything back. */
    void write(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The next line, or null at the end of the stream (the other side's FIN). */
    String readLine() throws IOException {
        return in.readLine();
    }

    /** Sends a line and reads its reply; throws when the connection ended instead. */
    Reply send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String reply = in.readLine();
        if (reply == null) {
            throw new IOException("connection closed");
        }
        return Reply.parse(reply);
    }

    /** How the connection ends within {@code timeoutMillis}: "reset" (RST), "closed" (FIN), or "open"; "data" if bytes come. */
    String awaitEnd(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return in.read() < 0 ? "closed" : "data";
        } catch (java.net.SocketTimeoutException e) {
            return "open";
        } catch (java.net.SocketException e) {
            return "reset";
        }
    }

    /** Opens connections to {@code node:port} until one lands on {@code wanted}; the others are closed. */
    static LineClient connectionTo(String node, int port, LineTargets.Target wanted) throws IOException {
        for (int i = 0; i < 200; i++) {
            LineClient c = new LineClient(null, node, port);
            if (c.send("who").target().equals(wanted.name)) {
                return c;
            }
            c.close();
        }
        throw new AssertionError("no connection reached " + wanted.name);
    }

    /** The targets that {@code connections} new connections to {@code node:port}, one line each, reached. */
    static Set<String> servedBy(String node, int port, int connections) {
        Set<String> who = new HashSet<>();
        for (int i = 0; i < connections; i++) {
            who.add(exchange(null, node, port, "hi").target());
        }
        return who;
    }

    /** One connection, one line, one reply. */
    static Reply exchange(String from, String node, int port, String line) {
        try (LineClient c = new LineClient(from, node, port)) {
            return c.send(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free on every one of {@code hosts}. */
    static int freePort(String... hosts) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(hosts[0]))) {
                port = probe.getLocalPort();
            }
            boolean free = true;
            for (int i = 1; i < hosts.length && free; i++) {
                try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(hosts[i]))) {
                    free = probe.getLocalPort() == port;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IOException("no port free on all of " + String.join(", ", hosts));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
