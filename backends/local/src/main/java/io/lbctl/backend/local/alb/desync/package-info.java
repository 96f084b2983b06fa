/**
 * HTTP desync mitigation for the application load balancer. ALB classifies every HTTP/1.x request
 * by the published rules of aws/http-desync-guardian into a {@link
 * io.lbctl.backend.local.alb.desync.Tier} with {@link io.lbctl.backend.local.alb.desync.Reason}s,
 * then forwards, closes connections after, or rejects the request according to the load balancer's
 * {@code routing.http.desync_mitigation_mode}; classifying the raw head, before any lenient parser
 * has normalised it, is what lets the emulator make the same calls and find where the next request
 * starts.
 */
package io.lbctl.backend.local.alb.desync;
