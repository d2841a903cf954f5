package io.dipwatch.classify.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dipwatch.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads taxonomy and gazetteer YAML from the classpath defaults, files and rule-topic payloads. */
public final class RuleDocuments {
  public static final String DEFAULT_TAXONOMY = "/taxonomy/default.yaml";
  public static final String DEFAULT_GAZETTEER = "/gazetteer/default.yaml";

  private RuleDocuments() {}

  public static TaxonomySpec defaultTaxonomy() {
    return parseTaxonomy(resource(DEFAULT_TAXONOMY));
  }

  public static GazetteerSpec defaultGazetteer() {
    return parseGazetteer(resource(DEFAULT_GAZETTEER));
  }

  public static TaxonomySpec parseTaxonomy(String yaml) {
    return read(yaml, TaxonomySpec.class);
  }

  public static GazetteerSpec parseGazetteer(String yaml) {
    return read(yaml, GazetteerSpec.class);
  }

  public static String readFile(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rules file " + file, e);
    }
  }

  /** The text of a classpath resource. */
  public static String resource(String name) {
    try (InputStream in = RuleDocuments.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name, e);
    }
  }

  private static <T> T read(String yaml, Class<T> type) {
    ObjectMapper mapper = Json.yaml();
    try {
      T value = mapper.readValue(yaml, type);
      if (value == null) {
        throw new IllegalArgumentException("empty " + type.getSimpleName() + " document");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid " + type.getSimpleName() + " YAML: " + e.getMessage(), e);
    }
  }
}
