package io.lbctl.backend.aws;

import io.lbctl.model.Address;
import io.lbctl.planner.ApplyProgress;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Waiting on AWS: a new load balancer becoming active, targets draining, and retries for the
 * errors eventual consistency produces (a resource not found just after it was created, a target
 * group still in use just after its load balancer was deleted). Throttling and 5xx are retried
 * by the SDK's own strategy, with backoff and jitter.
 */
final class Waiters {
    /** DescribeLoadBalancers takes at most 20 ARNs. */
    private static final int DESCRIBE_BATCH = 20;
    private final ElasticLoadBalancingV2Client client;
    private final ApplyProgress progress;
    private final Duration poll;
    private final Duration timeout;

    Waiters(ElasticLoadBalancingV2Client client, ApplyProgress progress, Duration poll, Duration timeout) {
        this.client = client;
        this.progress = progress;
        this.poll = poll;
        this.timeout = timeout;
    }

    /**
     * Waits until every load balancer just created is active. They provision side by side (on AWS
     * each takes minutes), so all are created first and then watched together, 20 to a describe.
     */
    void loadBalancersActive(Map<Address, String> created) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Address> waiting = new LinkedHashMap<>();
        created.forEach((address, arn) -> waiting.put(arn, address));
        Set<Address> told = new HashSet<>();
        while (!waiting.isEmpty()) {
            List<String> arns = List.copyOf(waiting.keySet());
            for (int i = 0; i < arns.size(); i += DESCRIBE_BATCH) {
                List<String> batch = arns.subList(i, Math.min(arns.size(), i + DESCRIBE_BATCH));
                for (LoadBalancer lb : retryNotFound(() -> client.describeLoadBalancers(b -> b.loadBalancerArns(batch)).loadBalancers())) {
                    Address address = waiting.get(lb.loadBalancerArn());
                    LoadBalancerStateEnum state = lb.state() == null ? LoadBalancerStateEnum.ACTIVE : lb.state().code();
                    if (state == LoadBalancerStateEnum.ACTIVE || state == LoadBalancerStateEnum.ACTIVE_IMPAIRED) {
                        waiting.remove(lb.loadBalancerArn());
                    } else if (state == LoadBalancerStateEnum.FAILED) {
                        throw new ApplyException(address + ": the load balancer failed to provision: "
                                + (lb.state().reason() == null ? "no reason given" : lb.state().reason()));
                    } else if (address != null && told.add(address)) {
                        progress.waiting(address, "load balancer to become active (" + state + ")");
                    }
                }
            }
            if (!waiting.isEmpty()) {
                sleepUntil(deadline, waiting.values().iterator().next(), "the load balancer to become active");
            }
        }
    }

    /** Waits until no target of the group is draining, up to its deregistration delay and a margin. */
    void drained(Address address, String targetGroupArn, Duration delay) {
        long deadline = System.nanoTime() + delay.plusSeconds(30).toNanos();
        boolean told = false;
        while (client.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)).targetHealthDescriptions().stream()
                .anyMatch(d -> d.targetHealth() != null && d.targetHealth().state() == TargetHealthStateEnum.DRAINING)) {
            if (!told) {
                progress.waiting(address, "targets to drain (deregistration delay " + delay.toSeconds() + "s)");
                told = true;
            }
            sleepUntil(deadline, address, "targets to drain");
        }
    }

    /** Runs {@code call}, retrying while the API says a resource it was just given does not exist yet. */
    <T> T retryNotFound(Supplier<T> call) {
        return retry(call, "NotFound", Duration.ofMinutes(2));
    }

    /** Runs {@code call}, retrying while the API says the resource is still in use. */
    <T> T retryInUse(Supplier<T> call) {
        return retry(call, "ResourceInUse", Duration.ofMinutes(2));
    }

    private <T> T retry(Supplier<T> call, String codePart, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        long backoff = Math.max(50, poll.toMillis() / 4);
        while (true) {
            try {
                return call.get();
            } catch (ElasticLoadBalancingV2Exception e) {
                String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
                if (code == null || !code.contains(codePart) || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(backoff + (long) (Math.random() * backoff));
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void sleepUntil(long deadline, Address address, String what) {
        if (System.nanoTime() > deadline) {
            throw new ApplyException(address + ": gave up waiting for " + what + " after " + timeout.toSeconds() + "s");
        }
        sleep(poll.toMillis());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyException("interrupted while waiting");
        }
    }
}
