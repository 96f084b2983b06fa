package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Signatures, credentials and hostile request bodies: AWS-shaped errors, never a changed state. */
class ApiSecurityTest extends LocalRuntimeTestBase {



    @Test
    void credentialsAreKeptInAFileOnlyTheirOwnerCanRead() throws Exception {
        Path file = state.resolve(LocalCredentials.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("[lbctl-local]\naws_access_key_id = AKIA");
    }

    @Test
    void unsignedRequestsAreRefused() throws Exception {
        var r = SignedHttp.unsigned(local.runtime, "Action=DescribeLoadBalancers&Version=2015-12-01");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("<Code>MissingAuthenticationToken</Code>").contains("<Type>Sender</Type>")
                .contains("<RequestId>");
    }

    @Test
    void aWrongSecretOrUnknownKeyIsRefused() {
        var wrongSecret = local.client(local.runtime.credentials().accessKeyId(), "x".repeat(40));
        assertThat(LoadBalancerApiTest.error(wrongSecret::describeLoadBalancers)).startsWith("SignatureDoesNotMatch:");
        var unknown = local.client("AKIAAAAAAAAAAAAAAAAA", local.runtime.credentials().secretAccessKey());
        assertThat(LoadBalancerApiTest.error(unknown::describeLoadBalancers))
                .isEqualTo("InvalidClientTokenId: The security token included in the request is invalid.");
    }

    @Test
    void aSignatureOlderThanFifteenMinutesHasExpired() throws Exception {
        byte[] body = "Action=DescribeLoadBalancers&Version=2015-12-01".getBytes(StandardCharsets.UTF_8);
        Instant old = local.clock.instant().minus(Duration.ofMinutes(16));
        var r = SignedHttp.post(local.runtime, body, old);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("<Code>SignatureDoesNotMatch</Code>").contains("Signature expired");
        var fresh = SignedHttp.post(local.runtime, body, local.clock.instant().minus(Duration.ofMinutes(14)));
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.body()).contains("<DescribeLoadBalancersResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">");
    }

    @Test
    void aRequestSignedWithoutAContentHashAsTheAwsCliSignsIsAccepted() throws Exception {
        byte[] body = "Action=DescribeLoadBalancers&Version=2015-12-01".getBytes(StandardCharsets.UTF_8);
        var r = SignedHttp.postLikeBotocore(local.runtime, body, local.clock.instant());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void garbageBodiesGetAwsErrorsAndChangeNothing() throws Exception {
        Instant now = local.clock.instant();
        assertThat(post("Version=2015-12-01", now)).contains("<Code>MissingAction</Code>");
        assertThat(post("Action=FlyToTheMoon&Version=2015-12-01", now))
                .contains("<Code>InvalidAction</Code>").contains("The action FlyToTheMoon is not valid");
        assertThat(post("Action=CreateLoadBalancer&Version=2015-12-01", now))
                .contains("Value null at 'name' failed to satisfy constraint: Member must not be null");
        assertThat(post("Action=CreateLoadBalancer&Version=2015-12-01&Name=web&Subnets.member.1=subnet-12345678"
                + "&Type=network&Tags.member.1.Key=a&Tags.member.2.Key=a", now)).contains("<Code>DuplicateTagKeys</Code>");
        assertThat(post("Action=DescribeLoadBalancers&Version=2015-12-01&PageSize=abc", now))
                .contains("Member must be a number");
        assertThat(post("Action=DescribeLoadBalancers&Version=2015-12-01&Names.member.1=%ZZ", now))
                .contains("<Code>ValidationError</Code>");
        assertThat(post("\u0000\u0001\u00ff binary \r\n garbage", now)).contains("<Code>MissingAction</Code>");
        assertThat(post("Action=CreateLoadBalancer&Version=2015-12-01&Name=" + "x".repeat(5000)
                + "&Subnets.member.1=subnet-12345678&Type=network", now)).contains("<Code>ValidationError</Code>");
        assertThat(local.elb.describeLoadBalancers().loadBalancers()).isEmpty();
    }

    @Test
    void aMalformedHostOrPathGetsAnAwsErrorNotA500() throws Exception {
        for (String head : new String[] {"POST /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                "POST / HTTP/1.1\r\nHost: bad host name\r\n"}) {
            String body = "Action=DescribeLoadBalancers&Version=2015-12-01";
            String request = head + "Authorization: AWS4-HMAC-SHA256 Credential=" + local.runtime.credentials().accessKeyId()
                    + "/" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd").withZone(java.time.ZoneOffset.UTC)
                    .format(local.clock.instant()) + "/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host;x-amz-date, "
                    + "Signature=" + "0".repeat(64) + "\r\nX-Amz-Date: " + java.time.format.DateTimeFormatter
                    .ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(local.clock.instant())
                    + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
            try (java.net.Socket socket = new java.net.Socket(local.endpoint().getHost(), local.endpoint().getPort())) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).as(head).startsWith("HTTP/1.1 403").contains("<Code>SignatureDoesNotMatch</Code>");
            }
        }
    }

    @Test
    void aHugeBodyIsRefusedWithoutBeingRead() throws Exception {
        byte[] huge = ("Action=DescribeLoadBalancers&Version=2015-12-01&Marker=" + "a".repeat(2 * 1024 * 1024))
                .getBytes(StandardCharsets.UTF_8);
        var r = SignedHttp.post(local.runtime, huge, local.clock.instant());
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).contains("<Code>RequestEntityTooLarge</Code>");
    }

    private String post(String body, Instant at) throws Exception {
        var r = SignedHttp.post(local.runtime, body.getBytes(StandardCharsets.ISO_8859_1), at);
        assertThat(r.status()).as(body).isBetween(400, 499);
        assertThat(r.body()).startsWith("<?xml").contains("<ErrorResponse");
        return r.body();
    }
}
