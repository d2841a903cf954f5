package io.dipwatch.core.model;

import java.util.List;

/** The four categories of the default taxonomy; users may add more, so categories travel as strings. */
public final class Categories {
  public static final String SANCTIONS = "SANCTIONS";
  public static final String RECOGNITION = "RECOGNITION";
  public static final String LABOUR_MIGRATION = "LABOUR_MIGRATION";
  public static final String WEAPONS_DEVELOPMENT = "WEAPONS_DEVELOPMENT";
  public static final List<String> DEFAULTS = List.of(SANCTIONS, RECOGNITION, LABOUR_MIGRATION, WEAPONS_DEVELOPMENT);

  private Categories() {}
}
