/**
 * The control plane's state: immutable records of load balancers, listeners, rules, target
 * groups, targets and tags in one {@link io.lbctl.backend.local.store.StoreState} value, changed
 * only through {@link io.lbctl.backend.local.store.ResourceStore#update}, which persists before it
 * swaps, so a failed or interrupted write never leaves a half state behind.
 */
package io.lbctl.backend.local.store;
