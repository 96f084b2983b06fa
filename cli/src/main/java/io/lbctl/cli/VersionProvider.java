package io.lbctl.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or "dev" when running from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"lbctl " + (version == null ? "dev" : version)};
    }
}
