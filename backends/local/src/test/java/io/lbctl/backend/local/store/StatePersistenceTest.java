package io.lbctl.backend.local.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lbctl.backend.local.Topology;
import io.lbctl.model.IpAddressType;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Scheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatePersistenceTest {
    @TempDir
    Path dir;

    private static LoadBalancerRecord lb(String name) {
        return new LoadBalancerRecord("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/" + name
                + "/0123456789abcdef", name, LoadBalancerType.NETWORK, Scheme.INTERNAL, IpAddressType.IPV4, "vpc-12345678",
                List.of(new ZoneNode("subnet-12345678", "us-east-1a", "127.0.0.2")), List.of(), name + ".elb",
                Instant.parse("2026-11-24T12:00:00Z"), Map.of("deletion_protection.enabled", "true"));
    }

    private ResourceStore store() {
        return new ResourceStore(new StatePersistence(dir), Topology.defaults(), Clock.systemUTC(), Duration.ZERO);
    }

    @Test
    void whatIsSavedIsWhatIsLoaded() {
        StoreState state = StoreState.EMPTY.withLoadBalancer(lb("a")).withTags(lb("a").arn(), Map.of("k", "v"));
        new StatePersistence(dir).save(state);
        assertThat(new StatePersistence(dir).load()).contains(state);
    }

    @Test
    void aTemporaryFileLeftByACrashIsIgnored() throws Exception {
        new StatePersistence(dir).save(StoreState.EMPTY.withLoadBalancer(lb("a")));
        Files.writeString(dir.resolve(StatePersistence.FILE + ".tmp"), "{\"loadBalancers\": {\"trunc");
        assertThat(store().state().loadBalancers()).containsOnlyKeys(lb("a").arn());
        ResourceStore store = store();
        store.update(s -> s.withLoadBalancer(lb("b")));
        assertThat(store().state().loadBalancers()).hasSize(2);
    }

    @Test
    void aFailedWriteChangesNothingOnDiskOrInMemory() throws Exception {
        ResourceStore store = store();
        store.update(s -> s.withLoadBalancer(lb("a")));
        Files.createDirectory(dir.resolve(StatePersistence.FILE + ".tmp")); // the write cannot open its temp file
        assertThatThrownBy(() -> store.update(s -> s.withLoadBalancer(lb("b")))).hasMessageContaining("cannot write state file");
        assertThat(store.state().loadBalancers()).containsOnlyKeys(lb("a").arn());
        Files.delete(dir.resolve(StatePersistence.FILE + ".tmp"));
        assertThat(store().state().loadBalancers()).containsOnlyKeys(lb("a").arn());
    }

    @Test
    void aCorruptStateFileIsReportedNotSilentlyReplaced() throws Exception {
        Files.writeString(dir.resolve(StatePersistence.FILE), "not json");
        assertThatThrownBy(this::store).isInstanceOf(IllegalStateException.class).hasMessageContaining("is unreadable");
        assertThat(Files.readString(dir.resolve(StatePersistence.FILE))).isEqualTo("not json");
    }
}
