package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.health.HealthRegistry;
import io.lbctl.model.Action;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks where a forward goes. A target group: the one a valid AWSALBTG cookie pins when the
 * forward has group stickiness, else one by weight (weight 0 gets none). A target of that group:
 * the one a valid AWSALB (lb_cookie) or AWSALBAPP-n (app_cookie) cookie pins when the group is
 * sticky, else by the group's algorithm (round_robin, least_outstanding_requests,
 * weighted_random) among its healthy targets, or among all of them when none is healthy, as ALB
 * fails open; targets in slow start take their rising share. New pins are handed back as
 * Set-Cookie values.
 */
final class TargetChooser {
    private static final int APP_COOKIE_PIECES = 4;
    private static final int APP_COOKIE_PIECE = 4000;
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** What the chooser keeps per target group ARN, found with one lookup per request. */
    private static final class GroupState {
        final AtomicLong next = new AtomicLong();
        final Map<ListenerRoute.Endpoint, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        /** The targets requests may go to, as of a health version and a set of endpoints. */
        volatile Eligible eligible;
    }

    private record Eligible(long healthVersion, List<ListenerRoute.Endpoint> endpoints,
                            List<ListenerRoute.Endpoint> eligible) {
    }

    private final Map<String, GroupState> groups = new ConcurrentHashMap<>();
    private final StickyCookies cookies = new StickyCookies();
    private final HealthRegistry health;

    TargetChooser(HealthRegistry health) {
        this.health = health;
    }

    /** The chosen target group's ARN, or empty when every weight is 0. */
    Optional<String> targetGroup(Action.Forward forward, Map<String, String> requestCookies, List<String> setCookies) {
        List<Action.WeightedTargetGroup> groups = forward.targetGroups();
        boolean sticky = forward.stickiness().map(Action.GroupStickiness::enabled).orElse(false);
        Instant now = Instant.now();
        Optional<String> chosen = Optional.empty();
        if (sticky) {
            chosen = pinned(requestCookies, "AWSALBTG", now)
                    .filter(arn -> groups.stream().anyMatch(g -> g.targetGroup().equals(arn) && g.weight() > 0));
        }
        if (chosen.isEmpty()) {
            chosen = byWeight(groups);
        }
        if (sticky && chosen.isPresent()) {
            pin(setCookies, "AWSALBTG", chosen.get(), now.plusSeconds(forward.stickiness().get().durationSeconds()), now);
        }
        return chosen;
    }

    /** The target for this request, and a new AWSALB pin when the group has lb_cookie stickiness. */
    ListenerRoute.Endpoint target(ListenerRoute.TargetGroupRoute group, Map<String, String> requestCookies,
                                  List<String> setCookies) {
        List<ListenerRoute.Endpoint> pool = healthyOrAll(group);
        Instant now = Instant.now();
        Optional<ListenerRoute.Stickiness> sticky = group.stickiness();
        Optional<ListenerRoute.Endpoint> chosen = Optional.empty();
        if (sticky.isPresent()) {
            Optional<String> pin = sticky.get().appCookie()
                    ? appCookiePin(requestCookies).flatMap(v -> cookies.open(v, now))
                    : pinned(requestCookies, "AWSALB", now);
            chosen = pin.flatMap(v -> pool.stream().filter(e -> v.equals(group.arn() + "|" + e)).findFirst());
        }
        ListenerRoute.Endpoint target = chosen.orElseGet(() -> byAlgorithm(group, pool, now));
        if (sticky.isPresent() && !sticky.get().appCookie()) {
            pin(setCookies, "AWSALB", group.arn() + "|" + target, now.plusSeconds(sticky.get().durationSeconds()), now);
        }
        return target;
    }

    private GroupState state(String groupArn) {
        GroupState state = groups.get(groupArn);
        return state != null ? state : groups.computeIfAbsent(groupArn, k -> new GroupState());
    }

    /**
     * The group's healthy targets, or all of them when none is healthy (ALB fails open). Worked
     * out again only when health or the group's targets changed, not for every request.
     */
    private List<ListenerRoute.Endpoint> healthyOrAll(ListenerRoute.TargetGroupRoute group) {
        GroupState state = state(group.arn());
        long version = health.version();
        Eligible cached = state.eligible;
        if (cached != null && cached.healthVersion() == version && cached.endpoints() == group.endpoints()) {
            return cached.eligible();
        }
        List<ListenerRoute.Endpoint> eligible = healthyOrAll(group, group.endpoints());
        state.eligible = new Eligible(version, group.endpoints(), eligible);
        return eligible;
    }

    private List<ListenerRoute.Endpoint> healthyOrAll(ListenerRoute.TargetGroupRoute group, List<ListenerRoute.Endpoint> all) {
        int healthy = 0;
        for (ListenerRoute.Endpoint e : all) {
            if (health.healthy(group.arn(), e.host(), e.port())) {
                healthy++;
            }
        }
        if (healthy == all.size() || healthy == 0) {
            return all;
        }
        List<ListenerRoute.Endpoint> out = new java.util.ArrayList<>(healthy);
        for (ListenerRoute.Endpoint e : all) {
            if (health.healthy(group.arn(), e.host(), e.port())) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * After a target answered: with app_cookie stickiness, a response that sets the application's
     * cookie gets AWSALBAPP-0..3 pinning that target, in pieces of at most 4,000 characters;
     * the pieces not needed are set to {@code _remove_}, as ALB does.
     */
    void answered(ListenerRoute.TargetGroupRoute group, ListenerRoute.Endpoint target, HttpResponse response,
                  List<String> setCookies) {
        Optional<ListenerRoute.Stickiness> sticky = group.stickiness().filter(ListenerRoute.Stickiness::appCookie);
        if (sticky.isEmpty()) {
            return;
        }
        String prefix = sticky.get().appCookieName() + "=";
        Optional<String> appValue = response.headers().getAll(HttpHeaderNames.SET_COOKIE).stream()
                .filter(c -> c.startsWith(prefix)).map(c -> c.substring(prefix.length()).split(";", 2)[0]).findFirst();
        if (appValue.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        String value = cookies.seal(group.arn() + "|" + target, now.plusSeconds(sticky.get().durationSeconds()));
        String expires = EXPIRES.format(now.plus(StickyCookies.COOKIE_DAYS, ChronoUnit.DAYS));
        for (int i = 0; i < APP_COOKIE_PIECES; i++) {
            int from = i * APP_COOKIE_PIECE;
            String piece = from < value.length() ? value.substring(from, Math.min(value.length(), from + APP_COOKIE_PIECE))
                    : "_remove_";
            setCookies.add("AWSALBAPP-" + i + "=" + piece + "; Expires=" + expires + "; Path=/");
        }
    }

    private static Optional<String> appCookiePin(Map<String, String> requestCookies) {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < APP_COOKIE_PIECES; i++) {
            String piece = requestCookies.get("AWSALBAPP-" + i);
            if (piece != null && !piece.equals("_remove_")) {
                value.append(piece);
            }
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value.toString());
    }

    /** Counts a request in flight to {@code target}, for least_outstanding_requests. */
    void begin(ListenerRoute.TargetGroupRoute group, ListenerRoute.Endpoint target) {
        counter(group, target).incrementAndGet();
    }

    void end(ListenerRoute.TargetGroupRoute group, ListenerRoute.Endpoint target) {
        counter(group, target).decrementAndGet();
    }

    private AtomicInteger counter(ListenerRoute.TargetGroupRoute group, ListenerRoute.Endpoint target) {
        Map<ListenerRoute.Endpoint, AtomicInteger> inFlight = state(group.arn()).inFlight;
        AtomicInteger counter = inFlight.get(target);
        return counter != null ? counter : inFlight.computeIfAbsent(target, k -> new AtomicInteger());
    }

    private ListenerRoute.Endpoint byAlgorithm(ListenerRoute.TargetGroupRoute group, List<ListenerRoute.Endpoint> pool,
                                               Instant now) {
        long n = state(group.arn()).next.getAndIncrement();
        if (!group.algorithm().equals("least_outstanding_requests") && health.mayBeInSlowStart(group.arn())) {
            double[] shares = new double[pool.size()];
            boolean ramping = false;
            for (int i = 0; i < shares.length; i++) {
                ListenerRoute.Endpoint e = pool.get(i);
                shares[i] = health.trafficShare(group.arn(), e.host(), e.port(), now);
                ramping |= shares[i] < 1.0;
            }
            if (ramping) {
                return byShare(pool, shares); // a target in slow start takes its share, rising linearly
            }
        }
        return switch (group.algorithm()) {
            case "weighted_random" -> pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
            case "least_outstanding_requests" -> {
                int fewest = pool.stream().mapToInt(e -> outstanding(group, e)).min().orElse(0);
                List<ListenerRoute.Endpoint> least = pool.stream().filter(e -> outstanding(group, e) == fewest).toList();
                yield least.get((int) Math.floorMod(n, (long) least.size()));
            }
            default -> pool.get((int) Math.floorMod(n, (long) pool.size()));
        };
    }

    private static ListenerRoute.Endpoint byShare(List<ListenerRoute.Endpoint> pool, double[] shares) {
        double total = java.util.Arrays.stream(shares).sum();
        double pick = ThreadLocalRandom.current().nextDouble() * total;
        for (int i = 0; i < shares.length; i++) {
            pick -= shares[i];
            if (pick < 0) {
                return pool.get(i);
            }
        }
        return pool.get(shares.length - 1);
    }

    private int outstanding(ListenerRoute.TargetGroupRoute group, ListenerRoute.Endpoint e) {
        AtomicInteger c = state(group.arn()).inFlight.get(e);
        return c == null ? 0 : c.get();
    }

    private static Optional<String> byWeight(List<Action.WeightedTargetGroup> groups) {
        if (groups.size() == 1) {
            return Optional.of(groups.get(0).targetGroup());
        }
        int total = groups.stream().mapToInt(Action.WeightedTargetGroup::weight).sum();
        if (total == 0) {
            return Optional.empty();
        }
        int pick = ThreadLocalRandom.current().nextInt(total);
        for (Action.WeightedTargetGroup g : groups) {
            pick -= g.weight();
            if (pick < 0) {
                return Optional.of(g.targetGroup());
            }
        }
        return groups.stream().max(Comparator.comparingInt(Action.WeightedTargetGroup::weight))
                .map(Action.WeightedTargetGroup::targetGroup);
    }

    /** The value a cookie (or its CORS twin) pins, if it verifies. */
    private Optional<String> pinned(Map<String, String> requestCookies, String name, Instant now) {
        return Optional.ofNullable(requestCookies.get(name)).or(() -> Optional.ofNullable(requestCookies.get(name + "CORS")))
                .flatMap(v -> cookies.open(v, now));
    }

    /** AWS's pair: NAME (Expires in 7 days, Path=/) and NAMECORS (the same, plus SameSite=None; Secure). */
    private void pin(List<String> setCookies, String name, String what, Instant until, Instant now) {
        String value = cookies.seal(what, until);
        String expires = EXPIRES.format(now.plus(StickyCookies.COOKIE_DAYS, ChronoUnit.DAYS));
        setCookies.add(name + "=" + value + "; Expires=" + expires + "; Path=/");
        setCookies.add(name + "CORS=" + value + "; Expires=" + expires + "; Path=/; SameSite=None; Secure");
    }
}
