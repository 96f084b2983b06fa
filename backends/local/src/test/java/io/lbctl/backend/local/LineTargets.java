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

/**
 * Real TCP targets for network-load-balancer tests, on loopback addresses, one virtual thread per
 * connection. A target answers every line with {@code name|peer|line}, where peer is the address
 * the connection came from (a load balancer node's); a first line starting {@code GET } is an HTTP
 * health check, answered with the target's health status. A target told to expect proxy protocol
 * v2 reads the header first and keeps its bytes.
 */
final class LineTargets implements AutoCloseable {
    private static final byte[] PP2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** One running target. */
    static final class Target {
        final String name;
        final String host;
        final int port;
        final AtomicInteger healthStatus = new AtomicInteger(200);
        final BlockingQueue<byte[]> proxyHeaders = new LinkedBlockingQueue<>();
        volatile boolean expectsProxyHeader;
        private final ServerSocket server;

        private Target(String name, String host, ServerSocket server) {
            this.name = name;
            this.host = host;
            this.server = server;
            this.port = server.getLocalPort();
        }
    }

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Target> started = new ArrayList<>();
    private final List<Socket> open = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Starts a target named {@code name} on {@code host}, a free port. */
    Target start(String name, String host) {
        try {
            ServerSocket server = new ServerSocket(0, 200, InetAddress.getByName(host));
            Target t = new Target(name, host, server);
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

    private void serve(Target t, Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            if (t.expectsProxyHeader) {
                byte[] fixed = new byte[16];
                try {
                    new DataInputStream(in).readFully(fixed);
                } catch (EOFException e) {
                    return; // a TCP health check: connect, then close
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
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            String peer = s.getInetAddress().getHostAddress();
            String line = reader.readLine();
            if (line != null && line.startsWith("GET ")) {
                while (line != null && !line.isEmpty()) {
                    line = reader.readLine();
                }
                out.write(("HTTP/1.1 " + t.healthStatus.get() + " Checked\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            while (line != null) {
                out.write((t.name + "|" + peer + "|" + line + "\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                line = reader.readLine();
            }
        } catch (IOException e) {
            // the load balancer reset the connection
        } finally {
            open.remove(s);
        }
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
