/**
 * The ELBv2 actions of the local region: each class serves a family of actions over the
 * {@link io.lbctl.backend.local.store.ResourceStore}, checks input with AWS's rules from
 * {@link io.lbctl.model.aws}, and writes the result members AWS's XML carries.
 */
package io.lbctl.backend.local.control;
