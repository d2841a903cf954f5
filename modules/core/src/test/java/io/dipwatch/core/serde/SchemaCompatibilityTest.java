package io.dipwatch.core.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every schema in schemas/ must read data written with every shipped version, and be readable by them. */
class SchemaCompatibilityTest {
  private static final Path SCHEMAS = Path.of("../../schemas");

  @TestFactory
  Stream<DynamicTest> currentSchemasAreCompatibleBothWaysWithEveryShippedVersion() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(SCHEMAS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
        Schema current = new Schema.Parser().parse(file.toFile());
        List<Schema> shipped = AvroSerde.shippedVersions(current.getName());
        tests.add(DynamicTest.dynamicTest(current.getName() + " has a shipped version",
            () -> assertThat(shipped).as("schemas/history/%s/v1.avsc", current.getName()).isNotEmpty()));
        for (int i = 0; i < shipped.size(); i++) {
          Schema past = shipped.get(i);
          String label = current.getName() + " vs v" + (i + 1);
          tests.add(DynamicTest.dynamicTest(label + " backward", () -> assertCompatible(current, past)));
          tests.add(DynamicTest.dynamicTest(label + " forward", () -> assertCompatible(past, current)));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(6);
    return tests.stream();
  }

  @Test
  void incompatibleChangeIsDetected() {
    Schema v1 = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    Schema v2 = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
            + "{\"name\":\"b\",\"type\":\"int\"}]}");
    var result = SchemaCompatibility.checkReaderWriterCompatibility(v2, v1);
    assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static void assertCompatible(Schema reader, Schema writer) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    assertThat(result.getType())
        .as("reader %s cannot read writer: %s", reader.getName(), result.getResult().getIncompatibilities())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }
}
