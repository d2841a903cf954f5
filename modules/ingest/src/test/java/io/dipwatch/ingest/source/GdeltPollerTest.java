package io.dipwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.ingest.IngestConfig;
import io.dipwatch.ingest.parse.Fixtures;
import io.dipwatch.schema.NewsItem;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GdeltPollerTest {
  private final byte[] zip = Fixtures.bytes("20250301121500.export.CSV.zip");
  private final AtomicReference<String> pointer = new AtomicReference<>();
  private final LocalHttpServer server;
  private final TestPublisher t = new TestPublisher();

  GdeltPollerTest() throws Exception {
    server = new LocalHttpServer()
        .route("/gdeltv2/lastupdate.txt", ex -> LocalHttpServer.send(ex, 200, pointer.get().getBytes()))
        .route("/gdeltv2/20250301121500.export.CSV.zip", ex -> LocalHttpServer.send(ex, 200, zip));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String lastUpdate(String md5) {
    return zip.length + " " + md5 + " " + server.url("/gdeltv2/20250301121500.export.CSV.zip") + "\n"
        + "1234 0123456789abcdef0123456789abcdef " + server.url("/gdeltv2/20250301121500.mentions.CSV.zip") + "\n"
        + "5678 0123456789abcdef0123456789abcdef " + server.url("/gdeltv2/20250301121500.gkg.csv.zip") + "\n";
  }

  private GdeltPoller poller() {
    IngestConfig config = IngestConfig.defaults().withGdelt(new IngestConfig.Gdelt(true,
        server.url("/gdeltv2/lastupdate.txt"), Duration.ofMinutes(15), true, false, null));
    return new GdeltPoller(config, t.publisher, HttpFetcher.client(config.fetch()), Fixtures.CLOCK);
  }

  @Test
  void followsLastUpdateReadsTheZippedExportOnceAndChecksItsMd5() throws Exception {
    pointer.set(lastUpdate(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(zip))));
    try (GdeltPoller poller = poller()) {
      PollResult first = poller.pollOnce();
      PollResult again = poller.pollOnce();
      assertThat(first.failed()).isFalse();
      assertThat(first.published()).isEqualTo(7);
      assertThat(first.nextDelay()).isEqualTo(Duration.ofMinutes(15));
      assertThat(again.fetched()).isZero();
      assertThat(server.requests).extracting(LocalHttpServer.Request::path).containsExactly(
          "/gdeltv2/lastupdate.txt", "/gdeltv2/20250301121500.export.CSV.zip", "/gdeltv2/lastupdate.txt");
      assertThat(t.items()).extracting(NewsItem::getId).contains("gdelt-1187212301", "gdelt-1187212307");
    }
  }

  @Test
  void corruptDownloadFailsAndIsRetriedLater() {
    pointer.set(lastUpdate("00000000000000000000000000000000"));
    try (GdeltPoller poller = poller()) {
      PollResult r = poller.pollOnce();
      assertThat(r.failed()).isTrue();
      assertThat(r.error()).contains("MD5 mismatch");
      assertThat(r.nextDelay()).isEqualTo(Duration.ofSeconds(30));
      assertThat(t.items()).isEmpty();
      assertThat(poller.pollOnce().nextDelay()).isEqualTo(Duration.ofSeconds(60));
    }
  }

  @Test
  void parsesPointerLines() {
    assertThat(GdeltPoller.parsePointers("150383 297a16b493de7cf6ca809a7cc31d0b93 http://x/a.export.CSV.zip\n"
        + "garbage\n\n"))
        .singleElement().satisfies(p -> {
          assertThat(p.size()).isEqualTo(150383);
          assertThat(p.url()).isEqualTo("http://x/a.export.CSV.zip");
        });
  }
}
