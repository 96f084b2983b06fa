package io.lbctl.backend.local.nlb;

import io.lbctl.backend.local.health.HealthRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks the target of a new TCP connection or UDP flow, once; the connection then stays on it. The pool is
 * the targets the accepting node may send to (its own zone's, or every enabled zone's with
 * cross-zone on), narrowed to the healthy ones unless fewer are healthy than the group's
 * unhealthy-state routing threshold (by default: none), when the node fails open to all of them.
 * Within the pool, a flow hash over protocol, source and destination address and port, and a
 * random number standing for the TCP sequence number AWS adds, so each connection is placed
 * independently; with source_ip stickiness, rendezvous hashing of the client's address alone, so
 * a client keeps its target while that target stays in the pool and only the clients of a target
 * that leaves it move.
 */
final class FlowChooser {
    private static final long TCP = 6;
    private static final long UDP = 17;

    /** The group and target a connection goes to. */
    record Choice(NlbRoute.Group group, NlbRoute.Target target) {
    }

    /** The targets a zone's node may choose from, as of a health version. */
    record Eligible(long healthVersion, List<NlbRoute.Target> targets) {
    }

    private final HealthRegistry health;

    FlowChooser(HealthRegistry health) {
        this.health = health;
    }

    /** The target for a connection from {@code client} to {@code destination} on the node of {@code zone}. */
    Optional<Choice> choose(NlbRoute route, String zone, InetSocketAddress client, InetSocketAddress destination) {
        return choose(route, zone, client, flowHash(TCP, client, destination, ThreadLocalRandom.current().nextInt()));
    }

    /**
     * The target for a new UDP flow: the hash is the 5-tuple alone, as AWS's is, so only the
     * pool (health, deregistration) can move a client port's flow when it starts again.
     */
    Optional<Choice> chooseUdp(NlbRoute route, String zone, InetSocketAddress client, InetSocketAddress destination) {
        return choose(route, zone, client, flowHash(UDP, client, destination, 0));
    }

    private Optional<Choice> choose(NlbRoute route, String zone, InetSocketAddress client, long hash) {
        Optional<NlbRoute.Group> group = byWeight(route.groups());
        if (group.isEmpty()) {
            return Optional.empty();
        }
        List<NlbRoute.Target> pool = eligible(group.get(), zone);
        if (pool.isEmpty()) {
            return Optional.empty();
        }
        NlbRoute.Target target = group.get().sourceIpStickiness() ? rendezvous(pool, client.getAddress())
                : pool.get((int) Long.remainderUnsigned(hash, pool.size()));
        return Optional.of(new Choice(group.get(), target));
    }

    /** Healthy targets in scope, or all in scope when fewer are healthy than the threshold. */
    List<NlbRoute.Target> eligible(NlbRoute.Group group, String zone) {
        long version = health.version();
        Eligible cached = group.eligibleByZone().get(zone);
        if (cached != null && cached.healthVersion() == version) {
            return cached.targets();
        }
        List<NlbRoute.Target> scope = new ArrayList<>();
        List<NlbRoute.Target> healthy = new ArrayList<>();
        for (NlbRoute.Target t : group.targets()) {
            if (group.inScope(t, zone)) {
                scope.add(t);
                if (health.healthy(group.arn(), t.id(), t.port())) {
                    healthy.add(t);
                }
            }
        }
        boolean belowCount = healthy.size() < group.minimumHealthy();
        boolean belowPercent = group.minimumHealthyPercent().isPresent()
                && healthy.size() * 100L < (long) group.minimumHealthyPercent().getAsInt() * scope.size();
        List<NlbRoute.Target> pool = List.copyOf(belowCount || belowPercent ? scope : healthy);
        group.eligibleByZone().put(zone, new Eligible(version, pool));
        return pool;
    }

    private static Optional<NlbRoute.Group> byWeight(List<NlbRoute.Weighted> groups) {
        if (groups.size() == 1) {
            return Optional.of(groups.get(0).group());
        }
        int total = groups.stream().mapToInt(NlbRoute.Weighted::weight).sum();
        if (total <= 0) {
            return Optional.empty(); // no group, or every weight 0
        }
        int pick = ThreadLocalRandom.current().nextInt(total);
        for (NlbRoute.Weighted w : groups) {
            pick -= w.weight();
            if (pick < 0) {
                return Optional.of(w.group());
            }
        }
        return Optional.of(groups.get(groups.size() - 1).group());
    }

    /** A flow's 5-tuple (IP protocol number first) plus a TCP connection's initial sequence number, mixed into 64 bits. */
    static long flowHash(long protocol, InetSocketAddress source, InetSocketAddress destination, int sequence) {
        long h = mix(protocol);
        h = mix(h ^ address(source.getAddress()));
        h = mix(h ^ source.getPort());
        h = mix(h ^ address(destination.getAddress()));
        h = mix(h ^ destination.getPort());
        return mix(h ^ (sequence & 0xffffffffL));
    }

    private static NlbRoute.Target rendezvous(List<NlbRoute.Target> pool, InetAddress client) {
        long base = mix(address(client));
        NlbRoute.Target best = pool.get(0);
        long bestScore = Long.MIN_VALUE;
        for (NlbRoute.Target t : pool) {
            long score = mix(base ^ mix(t.address().hashCode() * 31L + t.port()));
            if (score > bestScore) {
                bestScore = score;
                best = t;
            }
        }
        return best;
    }

    private static long address(InetAddress a) {
        return Arrays.hashCode(a.getAddress()) & 0xffffffffL;
    }

    /** SplitMix64's finaliser: every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
