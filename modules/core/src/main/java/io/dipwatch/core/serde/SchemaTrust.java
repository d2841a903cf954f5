package io.dipwatch.core.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 instantiates only trusted classes, when decoding and when copying a record with a builder. This
 * trusts dipwatch's generated records, once per JVM, before anything builds or reads one.
 */
public final class SchemaTrust {
  public static final String SCHEMA_PACKAGE = "io.dipwatch.schema";
  private static boolean installed;

  private SchemaTrust() {}

  public static synchronized void install() {
    if (!installed) {
      ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
          type -> SCHEMA_PACKAGE.equals(type.getPackageName())));
      installed = true;
    }
  }
}
