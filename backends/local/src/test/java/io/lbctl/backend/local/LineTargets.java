package io.lbctl.backend.local;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Real TCP targets for network-load-balancer tests, on loopback addresses, one virtual thread per
 * connection. A target answers every line with {@code name|peer|line}, where peer is the address
 * the connection came from (a load balancer node's); a first line starting {@code GET } is an HTTP
 * health check, answered with the target's health status. A target told to expect proxy protocol
 * v2 reads the header first and keeps its bytes. A TLS target ({@link #startTls}) then does a
 * server handshake and answers the line {@code tls?} with what it negotiated. Two more modes pin
 * half-closed connections: {@link Mode#ANSWER_AFTER_FIN} and {@link Mode#FIN_FIRST}.
 */
final class LineTargets implements AutoCloseable {
    private static final byte[] PP2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** How a target treats a connection's lines. */
    enum Mode {
        /** Answers each line at once. */
        ECHO,
        /** Reads to the client's FIN, then (once {@code answerGate} opens) answers how many lines came, and closes. */
        ANSWER_AFTER_FIN,
        /** Says {@code bye} and sends its FIN first, then keeps reading, recording each line and the end in {@code received}. */
        FIN_FIRST
    }

    /** One running target. */
    static final class Target {
        final String name;
        final String host;
        final int port;
        final AtomicInteger healthStatus = new AtomicInteger(200);
        final BlockingQueue<byte[]> proxyHeaders = new LinkedBlockingQueue<>();
        /** Lines read in modes that do not answer them, then {@code EOF} when the client's FIN came. */
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final java.util.concurrent.CountDownLatch answerGate = new java.util.concurrent.CountDownLatch(1);
        /** The Host header of each HTTP health check, in order. */
        final BlockingQueue<String> checkHosts = new LinkedBlockingQueue<>();
        /** Connections that ended before their first byte, as TCP health checks do. */
        final AtomicInteger emptyConnections = new AtomicInteger();
        volatile boolean expectsProxyHeader;
        volatile Mode mode = Mode.ECHO;
        private final ServerSocket server;
        private final SSLContext tls;
        private final String[] alpn;

        private Target(String name, String host, ServerSocket server, SSLContext tls, String[] alpn) {
            this.name = name;
            this.host = host;
            this.server = server;
            this.port = server.getLocalPort();
            this.tls = tls;
            this.alpn = alpn;
        }
    }

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Target> started = new ArrayList<>();
    private final List<Socket> open = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Starts a target named {@code name} on {@code host}, a free port. */
    Target start(String name, String host) {
        return startTls(name, host, null);
    }

    /** Starts a target that speaks TLS with {@code tls}'s certificate, choosing among {@code alpn} (server order). */
    Target startTls(String name, String host, SSLContext tls, String... alpn) {
        try {
            ServerSocket server = new ServerSocket(0, 200, InetAddress.getByName(host));
            Target t = new Target(name, host, server, tls, alpn);
            started.add(t);
            threads.execute(() -> accept(t));
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(Target t) {
        while (!t.server.isClosed()) {
            try {
                Socket s = t.server.accept();
                open.add(s);
                threads.execute(() -> serve(t, s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Target t, Socket raw) {
        try (raw) {
            Socket s = raw;
            InputStream in = s.getInputStream();
            if (t.expectsProxyHeader) {
                byte[] fixed = new byte[16];
                try {
                    new DataInputStream(in).readFully(fixed);
                } catch (EOFException e) {
                    t.emptyConnections.incrementAndGet(); // a TCP health check: connect, then close
                    return;
                }
                if (!Arrays.equals(Arrays.copyOf(fixed, 12), PP2_SIGNATURE)) {
                    return;
                }
                byte[] rest = new byte[((fixed[14] & 0xff) << 8) | (fixed[15] & 0xff)];
                new DataInputStream(in).readFully(rest);
                byte[] header = Arrays.copyOf(fixed, 16 + rest.length);
                System.arraycopy(rest, 0, header, 16, rest.length);
                t.proxyHeaders.add(header);
            }
            if (t.tls != null) {
                // Read byte by byte above, so nothing of the handshake was taken from the socket yet.
                SSLSocket ssl = (SSLSocket) t.tls.getSocketFactory().createSocket(raw, t.host, raw.getPort(), true);
                ssl.setUseClientMode(false);
                SSLParameters params = ssl.getSSLParameters();
                params.setApplicationProtocols(t.alpn);
                ssl.setSSLParameters(params);
                s = ssl;
                in = s.getInputStream();
            }
            lines(t, s, in);
        } catch (IOException e) {
            // the load balancer reset the connection, or a TCP health check closed a TLS target's before its handshake
        } finally {
            open.remove(raw);
        }
    }

    private void lines(Target t, Socket s, InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        OutputStream out = s.getOutputStream();
        String peer = s.getInetAddress().getHostAddress();
        if (t.mode == Mode.FIN_FIRST) {
            out.write((t.name + "|" + peer + "|bye\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.shutdownOutput();
        }
        String line = reader.readLine();
        if (line == null && t.mode == Mode.ECHO) {
            t.emptyConnections.incrementAndGet();
            return;
        }
        if (line != null && line.startsWith("GET ")) {
            while (line != null && !line.isEmpty()) {
                if (line.regionMatches(true, 0, "Host:", 0, 5)) {
                    t.checkHosts.add(line.substring(5).trim());
                }
                line = reader.readLine();
            }
            out.write(("HTTP/1.1 " + t.healthStatus.get() + " Checked\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return;
        }
        List<String> got = new ArrayList<>();
        while (line != null) {
            if (t.mode == Mode.ECHO) {
                String answer = line.equals("tls?") ? tls(s) : line;
                out.write((t.name + "|" + peer + "|" + answer + "\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } else {
                got.add(line);
                t.received.add(line);
            }
            line = reader.readLine();
        }
        t.received.add("EOF");
        if (t.mode == Mode.ANSWER_AFTER_FIN) {
            try {
                t.answerGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            out.write((t.name + "|" + peer + "|got " + got.size() + " lines: " + String.join(",", got) + "\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    /** What a TLS connection negotiated: protocol, ALPN protocol and server name asked for ({@code -} for none). */
    private static String tls(Socket s) {
        if (!(s instanceof SSLSocket ssl)) {
            return "plain";
        }
        String alpn = ssl.getApplicationProtocol();
        String sni = ssl.getSession() instanceof ExtendedSSLSession e && !e.getRequestedServerNames().isEmpty()
                ? ((SNIHostName) e.getRequestedServerNames().get(0)).getAsciiName() : "-";
        return ssl.getSession().getProtocol() + " " + (alpn == null || alpn.isEmpty() ? "-" : alpn) + " " + sni;
    }

    @Override
    public void close() {
        for (Target t : started) {
            try {
                t.server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        synchronized (open) {
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
        threads.shutdownNow();
    }
}
