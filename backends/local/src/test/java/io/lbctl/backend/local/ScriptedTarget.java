package io.lbctl.backend.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A target on 127.0.0.1 that answers requests for one path with bytes a test writes itself
 * (broken framing, informational responses, bodies cut short), and every other request, health
 * checks included, with an empty 200.
 */
final class ScriptedTarget implements AutoCloseable {
    /** What the target writes for the scripted path; it closes the connection afterwards. */
    interface Script {
        void answer(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Thread acceptor;

    ScriptedTarget(String path, Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofPlatform().daemon().start(() -> serve(s, path, script));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    private static void serve(Socket s, String path, Script script) {
        try (s) {
            String head = readHead(s.getInputStream());
            OutputStream out = s.getOutputStream();
            if (head.startsWith("GET " + path + " ")) {
                script.answer(out);
            } else {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException e) {
            // the load balancer went away; nothing to tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads through the empty line that ends a head; the head as text. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (b == '\n' && head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(2000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
