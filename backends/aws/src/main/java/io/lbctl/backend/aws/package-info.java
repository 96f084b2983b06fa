/**
 * The ELBv2 backend on the AWS SDK for Java v2: reads a stack's live resources by ownership tags
 * with batched calls, and carries out plans with waiters and retries, against AWS or the local
 * runtime's ELBv2 API alike.
 */
package io.lbctl.backend.aws;
