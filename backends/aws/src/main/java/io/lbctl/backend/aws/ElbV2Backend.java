package io.lbctl.backend.aws;

import io.lbctl.model.Stack;
import io.lbctl.planner.ApplyProgress;
import io.lbctl.planner.Backend;
import io.lbctl.planner.Plan;
import io.lbctl.planner.State;
import java.time.Duration;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** The one backend: the ELBv2 API, on AWS or on the local runtime, through the AWS SDK for Java v2. */
public final class ElbV2Backend implements Backend, AutoCloseable {
    private final ElasticLoadBalancingV2Client client;
    private final Duration poll;
    private final Duration timeout;

    /** {@code poll} is how often waiters ask again; {@code timeout} how long a waiter waits at most. */
    public ElbV2Backend(ElasticLoadBalancingV2Client client, Duration poll, Duration timeout) {
        this.client = client;
        this.poll = poll;
        this.timeout = timeout;
    }

    @Override
    public State read(String stack) {
        return new LiveStateReader(client).read(stack);
    }

    @Override
    public void apply(Plan plan, Stack desired, State live, ApplyProgress progress) {
        new PlanExecutor(client, new Waiters(client, progress, poll, timeout), progress).apply(plan, desired, live);
    }

    @Override
    public void close() {
        client.close();
    }
}
