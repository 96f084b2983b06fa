/**
 * The {@code lbctl} command line (picocli): one class per subcommand, each with a
 * {@code run(out, err, args)}-style entry through {@link io.lbctl.cli.Main#run}, and the text
 * and JSON renderers, which print what they are given and compute nothing.
 */
package io.lbctl.cli;
