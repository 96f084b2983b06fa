package io.lbctl.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Requests to a local load balancer's zone node (127.0.0.2) over a plain socket, one connection
 * each, so every header goes exactly as written (Host included, which the JDK's clients rewrite).
 */
final class LoopbackHttp {
    static final String NODE = "127.0.0.2";

    private LoopbackHttp() {
    }

    /** A port free on the zone node's address, for a listener the overlay places there. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(NODE))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "STATUS BODY", or the failure's text when there was no answer (so a polling test can keep waiting). */
    static String get(int port, String path, String host, Map<String, String> headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        try (Socket socket = new Socket(NODE, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(9, 12) + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    static String get(int port, String path) {
        return get(port, path, "example.com", Map.of());
    }
}
