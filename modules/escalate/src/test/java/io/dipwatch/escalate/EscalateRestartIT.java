package io.dipwatch.escalate;

import static io.dipwatch.core.model.Categories.LABOUR_MIGRATION;
import static io.dipwatch.core.model.Categories.RECOGNITION;
import static io.dipwatch.core.model.Categories.SANCTIONS;
import static io.dipwatch.core.model.Categories.WEAPONS_DEVELOPMENT;
import static io.dipwatch.escalate.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.dipwatch.core.config.KafkaSettings;
import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.json.Json;
import io.dipwatch.core.model.Categories;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.Silence;
import io.dipwatch.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The escalate stage on a real broker with exactly-once: stopped in the middle of its input and restarted
 * from an empty state directory (so everything must come back from changelogs) beside a second instance,
 * it writes every key's lifecycle exactly once (versions 1..n, contiguous), resolves every fired key when a
 * tick moves time past the windows, and answers key queries through the instance that does not own the key.
 */
class EscalateRestartIT {
  @RegisterExtension
  static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  /** Recent enough for the topics' retention, old enough that every window closes before now. */
  private static final Instant T0 = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.HOURS);
  private static final Duration WAIT = Duration.ofSeconds(90);
  private final Topics topics = new Topics();
  private final EscalationConfig config = EscalationConfig.defaults();
  private final HttpClient http = HttpClient.newHttpClient();

  /** One Streams instance with its query endpoint. */
  private record Instance(KafkaStreams streams, HttpServer server, HostInfo host) implements AutoCloseable {
    @Override
    public void close() {
      streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
          .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      server.stop(0);
    }
  }

  private Instance start(KafkaSettings settings, String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HostInfo host = new HostInfo("127.0.0.1", server.getAddress().getPort());
    KafkaSettings own = settings.withStateDir(settings.stateDir() + "/" + name);
    KafkaStreams streams = new KafkaStreams(EscalateTopology.build(topics, config),
        EscalateTopology.streamsProperties(own, topics, config, host));
    server.createContext(EscalationsHttpHandler.PATH, new EscalationsHttpHandler(new EscalationQueries(streams, host)));
    server.start();
    streams.start();
    return new Instance(streams, server, host);
  }

  private static Instant t(double days) {
    return T0.plus(Duration.ofMinutes(Math.round(days * 24 * 60)));
  }

  /** Twelve actor pairs, each with six stories over three days from rotating outlets and categories. */
  private static List<ClassifiedEvent> input() {
    List<String> categories = List.of(SANCTIONS, LABOUR_MIGRATION, RECOGNITION, WEAPONS_DEVELOPMENT);
    List<String[]> pairs = List.of(new String[] {"PRK", "RUS"}, new String[] {"KOR", "PRK"},
        new String[] {"CHN", "TWN"}, new String[] {"IRN", "USA"}, new String[] {"UA-14", "RUS"},
        new String[] {"SRB", "XKX"}, new String[] {"ISR", "PSE"}, new String[] {"CHN", "USA"},
        new String[] {"SYR", "TUR"}, new String[] {"IND", "PAK"}, new String[] {"BLR", "POL"},
        new String[] {"ARM", "AZE"});
    List<ClassifiedEvent> events = new ArrayList<>();
    for (int story = 0; story < 6; story++) {
      for (int p = 0; p < pairs.size(); p++) {
        String[] pair = pairs.get(p);
        String id = pair[0] + "-" + pair[1] + "-" + story;
        List<String> cats = p % 3 == 0 ? List.of(categories.get(story % 4)) : List.of(categories.get((story + p) % 2));
        events.add(event(id, "story-" + id, "outlet" + ((story + p) % 4) + ".example", t(story * 0.5 + p * 0.01),
            cats, pair[0], pair[1], "UN"));
      }
    }
    return events;
  }

  @Test
  void restartMidStreamLosesAndRepeatsNothingAndQueriesReachTheOwner() throws Exception {
    kafka.createTopics(topics, Categories.DEFAULTS);
    KafkaSettings settings = kafka.kafkaSettings();
    List<ClassifiedEvent> events = input();
    int half = events.size() / 2;

    Instance first = start(settings, "a");
    for (ClassifiedEvent e : events.subList(0, half)) {
      kafka.produce(topics.classified, e.getStoryId(), e, e.getPublishedAt());
    }
    await().atMost(WAIT).until(() -> !kafka.consume(topics.escalations, 1, WAIT).isEmpty());
    first.close(); // stopped in the middle: part of the first half may still be unprocessed

    for (ClassifiedEvent e : events.subList(half, events.size())) {
      kafka.produce(topics.classified, e.getStoryId(), e, e.getPublishedAt());
    }
    // restarted from an empty state directory, beside a second instance that takes part of the partitions
    try (Instance restarted = start(settings, "a-restarted"); Instance second = start(settings, "b")) {
      await().atMost(WAIT).until(() -> restarted.streams().state() == KafkaStreams.State.RUNNING
          && second.streams().state() == KafkaStreams.State.RUNNING);
      await().atMost(WAIT).untilAsserted(() -> assertThat(latest().get("PRK|RUS"))
          .isNotNull().extracting(Escalation::getLevel).isEqualTo("CRITICAL"));

      var owner = restarted.streams().queryMetadataForKey(EscalateTopology.CURRENT_STORE, "PRK|RUS",
          Serdes.String().serializer()).activeHost();
      Instance notOwner = owner.equals(restarted.host()) ? second : restarted;
      Instance ownerInstance = notOwner == second ? restarted : second;
      await().atMost(WAIT).untilAsserted(() -> {
        JsonNode answer = get(notOwner, EscalationsHttpHandler.PATH + "/PRK%7CRUS");
        assertThat(answer.path("servedBy").asText()).isEqualTo("127.0.0.1:" + ownerInstance.host().port());
        assertThat(answer.path("current").path("level").asText()).isEqualTo("CRITICAL");
        assertThat(answer.path("history").size()).isEqualTo(answer.path("current").path("version").asInt());
      });
      assertThat(status(notOwner, EscalationsHttpHandler.PATH + "/NOT%7CAKEY")).isEqualTo(404);
      assertThat(status(notOwner, EscalationsHttpHandler.PATH + "?level=SEVERE")).isEqualTo(400);
      JsonNode critical = get(notOwner, EscalationsHttpHandler.PATH + "?level=CRITICAL");
      assertThat(critical.path("escalations").findValuesAsText("key")).contains("PRK|RUS");
      JsonNode all = get(notOwner, EscalationsHttpHandler.PATH);
      Set<String> activeKeys = latest().entrySet().stream().filter(e -> !e.getValue().getStatus().equals("RESOLVED"))
          .map(Map.Entry::getKey).collect(Collectors.toSet());
      assertThat(all.path("escalations").findValuesAsText("key")).containsExactlyInAnyOrderElementsOf(activeKeys);

      Instant end = events.get(events.size() - 1).getPublishedAt();
      try (Ticker ticker = Ticker.manual(kafka.producerProps(), topics)) {
        ticker.advanceTo(end.plus(config.window()).plus(Duration.ofHours(1)));
      }
      await().atMost(WAIT).untilAsserted(() -> assertThat(latest().values())
          .isNotEmpty().allSatisfy(e -> assertThat(e.getStatus()).isEqualTo("RESOLVED")));

      ClassifiedEvent late = event("too-late", "story-too-late", "late.example", t(0.2), List.of(SANCTIONS),
          "PRK", "RUS");
      kafka.produce(topics.classified, late.getStoryId(), late, late.getPublishedAt());
      await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.consumeRaw(topics.dlq.name(), 1, WAIT))
          .anySatisfy(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_EXCEPTION))
              .isEqualTo(LifecycleProcessor.LATE_EXCEPTION)));
    }

    Map<String, List<Long>> versions = new TreeMap<>();
    for (ConsumerRecord<String, Escalation> r : kafka.consume(topics.escalations, 1, WAIT)) {
      versions.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().getVersion());
    }
    assertThat(versions).containsKeys("PRK|RUS", "KOR|PRK", "RUS|UA-14");
    versions.forEach((key, list) -> {
      List<Long> expected = new ArrayList<>();
      for (long v = 1; v <= list.size(); v++) {
        expected.add(v);
      }
      assertThat(list).as("versions of %s", key).isEqualTo(expected);
    });
    System.out.printf("restart IT: %d keys, %d lifecycle records%n", versions.size(),
        versions.values().stream().mapToInt(List::size).sum());
  }

  @Test
  void silencesAreAddedListedAndRemoved() {
    kafka.createTopics(topics, Categories.DEFAULTS);
    Silence byActor = SilenceCommands.silence(null, "PRK", null, Instant.now().plusSeconds(3600), "it", "noisy");
    Silence byKey = SilenceCommands.silence("CHN|USA", null, null, Instant.now().plusSeconds(60), "it", "");
    SilenceCommands.add(kafka.producerProps(), topics, byActor);
    SilenceCommands.add(kafka.producerProps(), topics, byKey);
    assertThat(SilenceCommands.list(kafka.consumerProps("unused"), topics)).extracting(Silence::getId)
        .containsSubsequence(byKey.getId(), byActor.getId());
    SilenceCommands.remove(kafka.producerProps(), topics, byKey.getId());
    assertThat(SilenceCommands.list(kafka.consumerProps("unused"), topics)).extracting(Silence::getId)
        .contains(byActor.getId()).doesNotContain(byKey.getId());
  }

  @Test
  void periodicTickerTicksEveryPartition() {
    kafka.createTopics(topics, Categories.DEFAULTS);
    Instant watermark = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);
    try (Ticker ticker = Ticker.periodic(kafka.producerProps(), topics, Duration.ofMillis(100), () -> watermark)) {
      await().atMost(WAIT).until(() -> ticker.ticksSent() >= 2);
    }
    var ours = kafka.consume(topics.ticks, 2 * topics.partitions(), WAIT).stream() // the topic is shared
        .filter(r -> r.value() == watermark.toEpochMilli()).toList();
    assertThat(ours).hasSizeGreaterThanOrEqualTo(2 * topics.partitions());
    assertThat(ours.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(0, 1, 2);
  }

  private Map<String, Escalation> latest() {
    Map<String, Escalation> latest = new LinkedHashMap<>();
    for (ConsumerRecord<String, Escalation> r : kafka.consume(topics.escalationsState, 0, WAIT)) {
      latest.put(r.key(), r.value());
    }
    return latest;
  }

  private int status(Instance via, String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + via.host().port() + pathAndQuery))
        .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private JsonNode get(Instance via, String pathAndQuery) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + via.host().port() + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.mapper().readTree(response.body());
  }
}
