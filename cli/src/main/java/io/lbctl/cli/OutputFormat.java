package io.lbctl.cli;

/** How a command prints its result: for people, or for programs. */
public enum OutputFormat {
    text, json
}
