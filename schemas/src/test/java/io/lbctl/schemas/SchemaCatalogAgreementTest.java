package io.lbctl.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.model.aws.AttributeCatalog;
import io.lbctl.model.aws.AttributeSpec;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The schema lists attribute keys for editors; the catalog holds their rules. They must name the same keys. */
class SchemaCatalogAgreementTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"LOAD_BALANCER, /$defs/loadBalancer/properties/attributes/properties",
            "LISTENER, /$defs/listener/properties/attributes/properties",
            "TARGET_GROUP, /$defs/targetGroup/properties/attributes/properties"})
    void schemaAndCatalogNameTheSameAttributes(AttributeCatalog.Scope scope, String pointer) {
        JsonNode properties = SchemaValidation.spec().schemaTree().at(pointer);
        Set<String> inSchema = Set.copyOf(properties.propertyNames());
        Set<String> inCatalog = AttributeCatalog.all(scope).stream().map(AttributeSpec::key).collect(Collectors.toSet());
        assertThat(inSchema).isEqualTo(inCatalog);
    }
}
