/**
 * The AWS Query protocol on Netty: form parameters in ({@link io.lbctl.backend.local.api.QueryRequest}),
 * SigV4 verification with the SDK's own signer ({@link io.lbctl.backend.local.api.SigV4Verifier}),
 * XML envelopes and AWS-shaped errors out. It knows no ELBv2 resource; the actions come from
 * {@link io.lbctl.backend.local.control}.
 */
package io.lbctl.backend.local.api;
