package io.dipwatch.app.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.dipwatch.core.json.Json;
import io.dipwatch.core.json.RecordJson;
import io.dipwatch.core.topic.Topic;
import io.dipwatch.schema.Escalation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the dashboard: reads the compacted escalation-state topic from the start (the current record of
 * every key), keeps it in memory, and pushes each change to browsers as server-sent events.
 */
public final class LiveFeed implements HttpHandler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  private final Topic<String, Escalation> topic;
  private final Properties consumerProps;
  private final Map<String, String> current = new ConcurrentHashMap<>();
  private final List<OutputStream> clients = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  public LiveFeed(String bootstrapServers, Topic<String, Escalation> stateTopic) {
    this.topic = stateTopic;
    consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "dipwatch-dashboard");
    thread = new Thread(this::consume, "dashboard-feed");
    thread.setDaemon(true);
    thread.start();
  }

  private void consume() {
    try (var consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      while (running.get() && partitions.isEmpty()) {
        consumer.partitionsFor(topic.name(), Duration.ofSeconds(5))
            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          String key = topic.deserializeKey(record.key());
          if (record.value() == null) {
            current.remove(key);
            broadcast("{\"key\":" + Json.mapper().writeValueAsString(key) + ",\"deleted\":true}");
            continue;
          }
          try {
            String json = Json.mapper().writeValueAsString(RecordJson.escalation(topic.deserializeValue(record.value())));
            current.put(key, json);
            broadcast(json);
          } catch (RuntimeException e) {
            LOG.warn("dashboard skips an unreadable escalation record at {}-{}@{}: {}", record.topic(),
                record.partition(), record.offset(), e.getMessage());
          }
        }
      }
    } catch (Exception e) {
      if (running.get()) {
        LOG.error("dashboard feed stopped: {}", e.toString());
      }
    }
  }

  /** The current record of every key, as JSON objects. */
  public List<String> snapshot() {
    return List.copyOf(current.values());
  }

  private synchronized void broadcast(String json) {
    byte[] event = ("event: escalation\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    for (OutputStream client : clients) {
      try {
        client.write(event);
        client.flush();
      } catch (IOException e) {
        clients.remove(client);
      }
    }
  }

  /** GET /api/live: an event stream that starts with the current record of every key. */
  @Override
  public void handle(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    synchronized (this) {
      StringBuilder first = new StringBuilder(": dipwatch live feed\nretry: 2000\n\n");
      for (String json : snapshot()) {
        first.append("event: escalation\ndata: ").append(json).append("\n\n");
      }
      out.write(first.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      clients.add(out);
    }
  }

  @Override
  public void close() {
    running.set(false);
    for (OutputStream client : clients) {
      try {
        client.close();
      } catch (IOException ignored) {
        // the browser went away first
      }
    }
    clients.clear();
  }
}
