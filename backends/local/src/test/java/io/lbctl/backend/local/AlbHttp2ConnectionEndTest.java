package io.lbctl.backend.local;

import static io.lbctl.backend.local.ScriptedTarget.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How an HTTP/2 client connection ends. The idle timeout applies to the connection: with no data
 * either way for the timeout it closes, even with a stream open. Past the client keep-alive
 * duration the connection goes away (GOAWAY) and lets the streams in flight finish, however
 * long they run, while a stream left idle is still ended by the idle timeout.
 */
class AlbHttp2ConnectionEndTest extends AlbTestBase {
    private static final int BIG = 32 * 1024 * 1024; // more than every buffer between target and client

    private void forwardTo(ScriptedTarget target) {
        String tg = local.elb.createTargetGroup(r -> r.name("t" + target.port()).protocol("HTTP").port(80)
                .vpcId("vpc-12345678").targetType("ip")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(target.port())));
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
    }

    private void attribute(String key, int value) {
        local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(alb).attributes(a -> a.key(key).value(Integer.toString(value))));
    }

    /** A target that answers /big with {@link #BIG} bytes and says whether it got them all out. */
    private static ScriptedTarget bigTarget(CompletableFuture<String> targetSaw) throws IOException {
        byte[] piece = new byte[32 * 1024];
        return new ScriptedTarget("/big", out -> {
            try {
                out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + BIG + "\r\n\r\n"));
                for (int i = 0; i < BIG / piece.length; i++) {
                    out.write(piece);
                }
                targetSaw.complete("wrote everything");
            } catch (IOException e) {
                targetSaw.complete("connection closed");
            }
        });
    }

    @Test
    void aPausedStreamDoesNotKeepItsConnectionOpenPastTheIdleTimeout() throws Exception {
        CompletableFuture<String> targetSaw = new CompletableFuture<>();
        try (ScriptedTarget target = bigTarget(targetSaw); Http2TestClient client = connect(target, 1, 3600)) {
            Http2TestClient.Stream paused = client.get("/big", false);
            assertThat(paused.status.get(5, TimeUnit.SECONDS)).isEqualTo(200);
            long stopped = System.nanoTime();
            assertThat(client.closedWithin(6000)).as("closed by the idle timeout with the stream open").isTrue();
            assertThat(millisSince(stopped)).as("but not before it").isGreaterThanOrEqualTo(900);
            assertThat(client.goAway).as("GOAWAY came first").isDone();
            assertThat(targetSaw.get(5, TimeUnit.SECONDS)).as("the target connection went too").isEqualTo("connection closed");
        }
    }

    @Test
    void aRequestLeftUnfinishedOnAnOpenStreamDoesNotKeepItsConnectionOpen() throws Exception {
        try (ScriptedTarget target = bigTarget(new CompletableFuture<>()); Http2TestClient client = connect(target, 1, 3600)) {
            long sent = System.nanoTime();
            Http2TestClient.Stream unfinished = client.unfinishedPost("/upload");
            assertThat(client.closedWithin(6000)).as("closed by the idle timeout with the stream open").isTrue();
            assertThat(millisSince(sent)).isGreaterThanOrEqualTo(900);
            assertThat(unfinished.ended.get(1, TimeUnit.SECONDS)).as("the request was never answered").isFalse();
        }
    }

    @Test
    void aStreamInFlightWhenTheConnectionGoesAwayMayRunPastThirtySeconds() throws Exception {
        int chunks = 66; // one every 500 ms: 33 s, longer than Netty's default graceful close
        try (ScriptedTarget target = new ScriptedTarget("/long", out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
            out.flush();
            for (int i = 0; i < chunks; i++) {
                Thread.sleep(500);
                out.write(ascii("400\r\n" + "x".repeat(1024) + "\r\n"));
                out.flush();
            }
            out.write(ascii("0\r\n\r\n"));
        }); Http2TestClient client = connect(target, 60, 60)) {
            Http2TestClient.Stream running = client.get("/long", true);
            assertThat(running.status.get(5, TimeUnit.SECONDS)).isEqualTo(200);
            local.clock.advance(Duration.ofSeconds(61));
            Http2TestClient.Stream last = client.get("/quick", true);
            assertThat(last.ended.get(5, TimeUnit.SECONDS)).as("the request past the duration is answered").isTrue();
            assertThat(client.goAway.get(5, TimeUnit.SECONDS)).isNull();
            assertThat(running.ended.get(45, TimeUnit.SECONDS)).as("the stream in flight finished").isTrue();
            assertThat(running.bodyBytes.get()).isEqualTo(chunks * 1024L);
            assertThat(client.closedWithin(5000)).as("then the connection closed").isTrue();
        }
    }

    @Test
    void aConnectionGoingAwayClosesAtTheIdleTimeoutWhenItsStreamInFlightIsPaused() throws Exception {
        try (ScriptedTarget target = bigTarget(new CompletableFuture<>()); Http2TestClient client = connect(target, 1, 60)) {
            Http2TestClient.Stream paused = client.get("/big", false);
            assertThat(paused.status.get(5, TimeUnit.SECONDS)).isEqualTo(200);
            local.clock.advance(Duration.ofSeconds(61));
            Http2TestClient.Stream last = client.get("/quick", true);
            assertThat(last.ended.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(client.goAway).isDone();
            long answered = System.nanoTime();
            assertThat(client.closedWithin(6000)).as("closed by the idle timeout, not after a fixed grace period").isTrue();
            assertThat(millisSince(answered)).isGreaterThanOrEqualTo(900);
        }
    }

    /** Routes to {@code target} with the given idle timeout and keep-alive duration, and opens an HTTP/2 connection. */
    private Http2TestClient connect(ScriptedTarget target, int idleTimeoutSeconds, int keepAliveSeconds) throws InterruptedException {
        forwardTo(target);
        attribute("idle_timeout.timeout_seconds", idleTimeoutSeconds);
        attribute("client_keep_alive.seconds", keepAliveSeconds);
        return new Http2TestClient("127.0.0.2", port);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
