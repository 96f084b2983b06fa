package io.lbctl.backend.local.store;

import io.lbctl.backend.local.Topology;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The control plane's state and the one way to change it: {@link #update} computes the next
 * state, persists it, and only then makes it current, so a failed write changes nothing.
 * Callers run one at a time (the API serves actions on a single thread).
 */
public final class ResourceStore {
    private final StatePersistence persistence;
    private final Topology topology;
    private final Arns arns;
    private final Clock clock;
    private final Duration provisioning;
    private volatile StoreState state;
    private final java.util.List<java.util.function.Consumer<StoreState>> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ResourceStore(StatePersistence persistence, Topology topology, Clock clock, Duration provisioning) {
        this.persistence = persistence;
        this.topology = topology;
        this.arns = new Arns(topology.region(), topology.account());
        this.clock = clock;
        this.provisioning = provisioning;
        this.state = persistence.load().orElse(StoreState.EMPTY);
    }

    public StoreState state() {
        return state;
    }

    public void update(UnaryOperator<StoreState> change) {
        StoreState next = change.apply(state);
        if (next != state) {
            persistence.save(next);
            state = next;
            observers.forEach(o -> o.accept(next));
        }
    }

    /** Calls {@code observer} with the current state now and with every new state after it is saved. */
    public void observe(java.util.function.Consumer<StoreState> observer) {
        observers.add(observer);
        observer.accept(state);
    }

    public Topology topology() {
        return topology;
    }

    public Arns arns() {
        return arns;
    }

    public Clock clock() {
        return clock;
    }

    /** How long a new load balancer stays {@code provisioning}. */
    public Duration provisioning() {
        return provisioning;
    }
}
