package io.lbctl.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.model.aws.ElbNames;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhysicalNamesTest {
    private static final List<String> FIELDS = List.of("ip", "HTTP", "HTTP1", "80", "ipv4", "vpc-12345678");

    @Test
    void derivesTheSameNameFromTheSameInputsEveryTime() {
        // Pinned: a change to the derivation renames every unnamed resource of every deployed stack.
        assertThat(PhysicalNames.derive("shop", "api", FIELDS)).isEqualTo("shop-api-8032d529");
        assertThat(PhysicalNames.derive("shop", "api", FIELDS)).isEqualTo(PhysicalNames.derive("shop", "api", List.copyOf(FIELDS)));
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}<hash>")
    @CsvSource(delimiter = '|', value = {
            "shop | api | shop-api-",
            "shop | my_group | shop-my-group-",
            "shop | a__b | shop-a-b-",
            "internal | api | i-api-",
            "abcdefghijklmnopqrstuvwxyz | api | abcdefghijklmnopqrs-api-",
            "abcdefghijklmnopqrstuv | api | abcdefghijklmnopqrs-api-",
            "ip-targets-on-premises | legacy | ip-targets-on-pr-legacy-",
            "ip-targets-on-premises | a-long-logical-id | ip-targets-a-long-logic-",
            "shop | a-very-long-logical-id-that-goes-on-and-on | shop-a-very-long-logica-",
            "shop | x_-_ | shop-x-",
    })
    void fitsAwsNameRulesKeepingTheIdBeforeTheStack(String stack, String id, String prefix) {
        String name = PhysicalNames.derive(stack, id, FIELDS);

        assertThat(name).startsWith(prefix).matches("[A-Za-z0-9-]+-[0-9a-f]{8}").hasSizeLessThanOrEqualTo(32)
                .hasSize(prefix.length() + 8);
        assertThat(ElbNames.checkLoadBalancerName(name)).isEmpty();
        assertThat(ElbNames.checkTargetGroupName(name)).isEmpty();
    }

    @Test
    void hashChangesWithStackIdAndEachReplacementField() {
        String base = PhysicalNames.derive("shop", "api", FIELDS);

        assertThat(PhysicalNames.derive("shop2", "api", FIELDS)).isNotEqualTo(base);
        assertThat(PhysicalNames.derive("shop", "api2", FIELDS)).isNotEqualTo(base);
        for (int i = 0; i < FIELDS.size(); i++) {
            List<String> changed = new java.util.ArrayList<>(FIELDS);
            changed.set(i, changed.get(i) + "x");
            assertThat(PhysicalNames.derive("shop", "api", changed)).as("field %d", i).isNotEqualTo(base);
        }
    }

    @Test
    void namesThatCutToTheSamePrefixStillDiffer() {
        String a = PhysicalNames.derive("shop", "a-very-long-logical-id-one", FIELDS);
        String b = PhysicalNames.derive("shop", "a-very-long-logical-id-two", FIELDS);

        assertThat(a.substring(0, 24)).isEqualTo(b.substring(0, 24));
        assertThat(a).isNotEqualTo(b);
        assertThat(PhysicalNames.derive("shop", "api", List.of("ab", ""))).isNotEqualTo(PhysicalNames.derive("shop", "api",
                List.of("a", "b")));
    }
}
