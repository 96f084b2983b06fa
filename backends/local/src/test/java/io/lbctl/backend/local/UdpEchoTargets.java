package io.lbctl.backend.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Real UDP targets and clients for network-load-balancer tests, on loopback addresses. A target
 * answers every datagram with {@code name|peer-address:peer-port|payload}, so a test sees which
 * target got it and from which of the node's sockets (one per flow) it came. One virtual thread
 * per target.
 */
final class UdpEchoTargets implements AutoCloseable {
    /** A reply: the target that answered, the node socket it saw the datagram from, the payload, and where the reply came from. */
    record Reply(String target, String peer, String payload, InetSocketAddress from) {
    }

    private final List<DatagramSocket> sockets = new ArrayList<>();
    /** The TCP sockets beside targets, by port, which answer their TCP health checks. */
    private final java.util.Map<Integer, java.net.ServerSocket> checks = new java.util.HashMap<>();

    /**
     * A target on {@code host} with a TCP socket on the same port, so that a group's TCP health
     * checks on the traffic port pass; {@link #failChecks} closes that socket. Returns the port.
     */
    synchronized int startChecked(String name, String host) throws IOException {
        java.net.ServerSocket check = new java.net.ServerSocket();
        check.bind(new InetSocketAddress(host, 0));
        checks.put(check.getLocalPort(), check);
        Thread.ofVirtual().start(() -> {
            while (!check.isClosed()) {
                try (java.net.Socket s = check.accept()) {
                    s.getInputStream().available(); // a TCP check only connects
                } catch (IOException e) {
                    // closed: the checks fail from now on, or the test is over
                }
            }
        });
        return start(name, host, check.getLocalPort());
    }

    /** The TCP health checks of the target on {@code port} fail from now on; its UDP side still answers. */
    synchronized void failChecks(int port) throws IOException {
        checks.get(port).close();
    }

    /** A target called {@code name} on {@code host}, on a free port or on {@code port} when not 0; returns its port. */
    synchronized int start(String name, String host, int port) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(host, port));
        sockets.add(socket);
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[65_535];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket in = new DatagramPacket(buf, buf.length);
                    socket.receive(in);
                    String payload = new String(in.getData(), 0, in.getLength(), StandardCharsets.ISO_8859_1);
                    byte[] out = (name + "|" + in.getAddress().getHostAddress() + ":" + in.getPort() + "|" + payload)
                            .getBytes(StandardCharsets.ISO_8859_1);
                    socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
                } catch (IOException e) {
                    // closed at the end of the test, or one datagram failed: carry on or stop with the socket
                }
            }
        });
        return socket.getLocalPort();
    }

    /** A client socket on {@code from}, any port, waiting at most 3 s for each reply. */
    static DatagramSocket client(String from) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(from, 0));
        s.setSoTimeout(3_000);
        return s;
    }

    /** Sends {@code payload} from {@code client} to {@code node}:{@code port} without waiting. */
    static void send(DatagramSocket client, String node, int port, String payload) throws IOException {
        byte[] out = payload.getBytes(StandardCharsets.ISO_8859_1);
        client.send(new DatagramPacket(out, out.length, InetAddress.getByName(node), port));
    }

    /** The next datagram that reaches {@code client}, parsed; throws when none comes within its timeout. */
    static Reply receive(DatagramSocket client) throws IOException {
        byte[] buf = new byte[65_535];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        client.receive(in);
        String[] parts = new String(in.getData(), 0, in.getLength(), StandardCharsets.ISO_8859_1).split("\\|", 3);
        return new Reply(parts[0], parts[1], parts[2], (InetSocketAddress) in.getSocketAddress());
    }

    /**
     * Sends and waits for the reply, sending again after a lost datagram: the first datagram of a
     * flow can race the listener's bind on a store change, and UDP promises nothing.
     */
    static Reply exchange(DatagramSocket client, String node, int port, String payload) throws IOException {
        for (int attempt = 0; ; attempt++) {
            send(client, node, port, payload);
            try {
                return receive(client);
            } catch (SocketTimeoutException e) {
                if (attempt == 2) {
                    throw new UncheckedIOException("no reply to " + payload, e);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        sockets.forEach(DatagramSocket::close);
        for (java.net.ServerSocket s : checks.values()) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
