/**
 * Reading specs: SnakeYAML Engine events with positions ({@link io.lbctl.schemas.YamlTreeReader}),
 * the JSON Schema (draft 2020-12, shipped beside this module as {@code lbctl-v1.schema.json}),
 * AWS's semantic rules ({@link io.lbctl.schemas.SemanticValidator}) and the immutable model.
 * {@link io.lbctl.schemas.SpecReader} is the entry point; it never throws for bad input.
 */
package io.lbctl.schemas;
