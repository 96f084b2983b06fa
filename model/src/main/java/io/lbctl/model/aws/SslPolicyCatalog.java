package io.lbctl.model.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS's predefined TLS security policies for HTTPS and TLS listeners, as {@code DescribeSSLPolicies}
 * returns them: SSL protocols, ciphers in AWS's server-preference order, and the load balancer
 * types that accept each one. The response shape follows botocore's ELBv2 model
 * ({@code SslPolicy}: {@code SslProtocols}, {@code Ciphers[{Name, Priority}]}, {@code Name},
 * {@code SupportedLoadBalancerTypes}).
 *
 * <p>Sources: the policies that existed in November 2023, and the order the API lists them in,
 * come from a live {@code DescribeSSLPolicies} answer that moto recorded with its
 * {@code scripts/update_ssl_policies.py} (getmoto/moto commit 5cabac5cc); their protocol and cipher
 * sets also match the tables of the archived AWS user guide
 * (awsdocs/elb-application-load-balancers-user-guide, {@code create-https-listener.md}). The
 * {@code -PQ-2025-09} policies come from moto's {@code moto/elbv2/ssl_policies.py} (5.2.1), which
 * copies AWS's page "Security policies for your Application Load Balancer"
 * (docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html). They
 * are listed after the others, and their protocol order follows the live API's (oldest first).
 */
public final class SslPolicyCatalog {
    /**
     * One policy as {@code DescribeSSLPolicies} returns it. {@code ciphers} is in server-preference
     * order: a cipher's {@code Priority} is its index plus one.
     */
    public record SslPolicy(String name, List<String> sslProtocols, List<String> ciphers,
            List<String> supportedLoadBalancerTypes) {
        public SslPolicy {
            sslProtocols = List.copyOf(sslProtocols);
            ciphers = List.copyOf(ciphers);
            supportedLoadBalancerTypes = List.copyOf(supportedLoadBalancerTypes);
        }
    }

    private static final List<String> APPLICATION_AND_NETWORK = List.of("application", "network");

    private static final List<String> TLS13 = List.of("TLSv1.3");
    private static final List<String> TLS12 = List.of("TLSv1.2");
    private static final List<String> TLS11_TO_12 = List.of("TLSv1.1", "TLSv1.2");
    private static final List<String> TLS10_TO_12 = List.of("TLSv1", "TLSv1.1", "TLSv1.2");
    private static final List<String> TLS12_TO_13 = List.of("TLSv1.2", "TLSv1.3");
    private static final List<String> TLS11_TO_13 = List.of("TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final List<String> TLS10_TO_13 = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private static final List<String> TLS13_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    private static final List<String> ECDHE_AES128_GCM = List.of(
            "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256");
    private static final List<String> ECDHE_AES128_SHA256 = List.of(
            "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256");
    private static final List<String> ECDHE_AES128_SHA = List.of(
            "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA");
    private static final List<String> ECDHE_AES256_GCM = List.of(
            "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384");
    private static final List<String> ECDHE_AES256_SHA384 = List.of(
            "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384");
    private static final List<String> ECDHE_AES256_SHA_RSA_FIRST = List.of(
            "ECDHE-RSA-AES256-SHA", "ECDHE-ECDSA-AES256-SHA");
    private static final List<String> ECDHE_AES256_SHA_ECDSA_FIRST = List.of(
            "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA");

    private static final List<String> ECDHE_GCM = concat(ECDHE_AES128_GCM, ECDHE_AES256_GCM);
    private static final List<String> ECDHE_SHA2 = concat(
            ECDHE_AES128_GCM, ECDHE_AES128_SHA256, ECDHE_AES256_GCM, ECDHE_AES256_SHA384);
    private static final List<String> ECDHE_ALL = concat(
            ECDHE_AES128_GCM, ECDHE_AES128_SHA256, ECDHE_AES128_SHA,
            ECDHE_AES256_GCM, ECDHE_AES256_SHA384, ECDHE_AES256_SHA_RSA_FIRST);
    private static final List<String> ECDHE_ALL_ECDSA_FIRST = concat(
            ECDHE_AES128_GCM, ECDHE_AES128_SHA256, ECDHE_AES128_SHA,
            ECDHE_AES256_GCM, ECDHE_AES256_SHA384, ECDHE_AES256_SHA_ECDSA_FIRST);

    private static final List<String> RSA_SHA2 = List.of(
            "AES128-GCM-SHA256", "AES128-SHA256", "AES256-GCM-SHA384", "AES256-SHA256");
    private static final List<String> RSA_ALL = List.of(
            "AES128-GCM-SHA256", "AES128-SHA256", "AES128-SHA", "AES256-GCM-SHA384", "AES256-SHA256", "AES256-SHA");

    private static final List<String> LEGACY = concat(ECDHE_ALL, RSA_ALL);
    private static final List<String> TLS13_RES = concat(TLS13_SUITES, ECDHE_GCM);
    private static final List<String> TLS13_DEFAULT = concat(TLS13_SUITES, ECDHE_SHA2);
    private static final List<String> TLS13_EXT1 = concat(TLS13_SUITES, ECDHE_SHA2, RSA_SHA2);
    private static final List<String> TLS13_EXT2 = concat(TLS13_SUITES, ECDHE_ALL_ECDSA_FIRST, RSA_ALL);
    private static final List<String> TLS13_LEGACY = concat(TLS13_SUITES, ECDHE_ALL, RSA_ALL);

    public static final List<SslPolicy> ALL = List.of(
            policy("ELBSecurityPolicy-2016-08", TLS10_TO_12, LEGACY),
            policy("ELBSecurityPolicy-TLS13-1-2-2021-06", TLS12_TO_13, TLS13_DEFAULT),
            policy("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", TLS12_TO_13, TLS13_RES),
            policy("ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", TLS12_TO_13, TLS13_EXT1),
            policy("ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06", TLS12_TO_13, TLS13_EXT2),
            policy("ELBSecurityPolicy-TLS13-1-1-2021-06", TLS11_TO_13, TLS13_LEGACY),
            policy("ELBSecurityPolicy-TLS13-1-0-2021-06", TLS10_TO_13, TLS13_LEGACY),
            policy("ELBSecurityPolicy-TLS13-1-3-2021-06", TLS13, TLS13_SUITES),
            policy("ELBSecurityPolicy-TLS-1-2-2017-01", TLS12, concat(ECDHE_SHA2, RSA_SHA2)),
            policy("ELBSecurityPolicy-TLS-1-1-2017-01", TLS11_TO_12, LEGACY),
            policy("ELBSecurityPolicy-TLS-1-2-Ext-2018-06", TLS12, LEGACY),
            policy("ELBSecurityPolicy-FS-2018-06", TLS10_TO_12, ECDHE_ALL),
            policy("ELBSecurityPolicy-2015-05", TLS10_TO_12, LEGACY),
            policy("ELBSecurityPolicy-TLS-1-0-2015-04", TLS10_TO_12, concat(LEGACY, List.of("DES-CBC3-SHA"))),
            policy("ELBSecurityPolicy-FS-1-2-Res-2019-08", TLS12, ECDHE_SHA2),
            policy("ELBSecurityPolicy-FS-1-1-2019-08", TLS11_TO_12, ECDHE_ALL),
            policy("ELBSecurityPolicy-FS-1-2-2019-08", TLS12, ECDHE_ALL),
            policy("ELBSecurityPolicy-FS-1-2-Res-2020-10", TLS12, ECDHE_GCM),
            policy("ELBSecurityPolicy-TLS13-1-3-PQ-2025-09", TLS13, TLS13_SUITES),
            policy("ELBSecurityPolicy-TLS13-1-2-PQ-2025-09", TLS12_TO_13, TLS13_DEFAULT),
            policy("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", TLS12_TO_13, TLS13_RES),
            policy("ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09", TLS12_TO_13, TLS13_EXT2),
            policy("ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09", TLS12_TO_13, TLS13_EXT2),
            policy("ELBSecurityPolicy-TLS13-1-0-PQ-2025-09", TLS10_TO_13, TLS13_LEGACY));

    private static final Map<String, SslPolicy> BY_NAME = index(ALL);

    private SslPolicyCatalog() {
    }

    public static Optional<SslPolicy> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static SslPolicy policy(String name, List<String> protocols, List<String> ciphers) {
        return new SslPolicy(name, protocols, ciphers, APPLICATION_AND_NETWORK);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return List.copyOf(all);
    }

    private static Map<String, SslPolicy> index(List<SslPolicy> policies) {
        Map<String, SslPolicy> byName = new LinkedHashMap<>();
        for (SslPolicy policy : policies) {
            if (byName.putIfAbsent(policy.name(), policy) != null) {
                throw new IllegalStateException("duplicate SSL policy " + policy.name());
            }
        }
        return Map.copyOf(byName);
    }
}
