package io.lbctl.backend.local.nlb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which address a connection or flow to a target is made from, with and without client IP preservation. */
class NlbRouteSourceTest {
    private static NlbRoute.Group group(boolean preserveClientIp) {
        return new NlbRoute.Group("arn:tg", List.of(), false, false, false, preserveClientIp, false, 1, OptionalInt.empty(),
                new NlbRoute.UnhealthyConnections(true, 0), Set.of());
    }

    @ParameterizedTest(name = "preserve={0} client={1} node={2} target={3} -> {4}")
    @CsvSource({
            // preservation on: the client's address, when it can be bound and reaches the target
            "true,  127.0.0.9,   127.0.0.2, 127.0.0.1, 127.0.0.9",
            "true,  ::1,         ::1,       ::1,       ::1",
            "true,  203.0.113.5, 127.0.0.2, 127.0.0.1, 127.0.0.2", // a client off loopback cannot be bound
            "true,  ::1,         127.0.0.2, 127.0.0.1, 127.0.0.2", // the other family
            // preservation off: the node's address
            "false, 127.0.0.9,   127.0.0.2, 127.0.0.1, 127.0.0.2",
            "false, 127.0.0.9,   127.0.0.2, ::1,       any",       // the node cannot reach an IPv6 target
            "true,  127.0.0.9,   127.0.0.2, 192.0.2.7, any",       // loopback cannot reach a target off it
            "false, 127.0.0.9,   127.0.0.2, 192.0.2.7, any",
    })
    void theSourceIsTheClientsWithPreservationElseTheNodesElseAny(boolean preserve, String client, String node,
                                                                  String target, String expected) throws Exception {
        InetAddress source = group(preserve).sourceFor(InetAddress.getByName(client), InetAddress.getByName(node),
                new InetSocketAddress(InetAddress.getByName(target), 80));
        assertThat(source == null ? "any" : source.getHostAddress().replace("0:0:0:0:0:0:0:1", "::1")).isEqualTo(expected);
    }
}
