/**
 * JMH benchmarks. Speed and memory targets live here, never in timed unit tests; each issue
 * note reports the figures with the command that made them.
 */
package io.lbctl.bench;
