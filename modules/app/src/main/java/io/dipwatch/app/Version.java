package io.dipwatch.app;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest, or "dev" when run from classes. */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"dipwatch " + (v == null ? "0.1.0-SNAPSHOT" : v)};
  }
}
