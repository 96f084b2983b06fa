/**
 * TLS for the local runtime: the certificates that stand for ACM or IAM certificate ARNs (PEM
 * files given by an overlay), server contexts that speak exactly an SSL policy's protocols and
 * ciphers in its order, SNI selection among a listener's certificates, and the client context
 * used towards HTTPS targets, which, like ALB, does not check the target's certificate.
 */
package io.lbctl.backend.local.tls;
