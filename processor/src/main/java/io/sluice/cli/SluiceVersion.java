package io.sluice.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, or says it runs from classes. */
final class SluiceVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = SluiceMain.class.getPackage().getImplementationVersion();
        return new String[] {"sluice " + (version == null ? "(development build)" : version)};
    }
}
