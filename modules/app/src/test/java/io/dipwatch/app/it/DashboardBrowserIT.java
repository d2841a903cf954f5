package io.dipwatch.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.app.web.LiveFeed;
import io.dipwatch.app.web.WebServer;
import io.dipwatch.core.model.Categories;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.EvidenceItem;
import io.dipwatch.testkit.KafkaBrokerExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The live dashboard in a real headless Chromium: rows appear and change as escalations arrive. */
class DashboardBrowserIT {
  @RegisterExtension
  static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String HOSTILE_TITLE = "<img src=x onerror=\"document.title='pwned'\"> <!channel> sanctions";

  private final Topics topics = new Topics();
  private LiveFeed live;
  private WebServer web;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    KAFKA.createTopics(topics, Categories.DEFAULTS);
    live = new LiveFeed(KAFKA.bootstrapServers(), topics.escalationsState);
    web = new WebServer("127.0.0.1", 0, Map.of(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), live);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(new File("/usr/bin/chromium"));
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + KAFKA.tempDir().resolve("chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    web.close();
    live.close();
  }

  private static Escalation escalation(String status, String level, long version) {
    Instant end = Instant.parse("2022-09-08T00:00:00Z");
    return Escalation.newBuilder().setKey("PRK|RUS").setStatus(status).setLevel(level).setVersion(version)
        .setScore(0.9).setActors(List.of("PRK", "RUS")).setCategories(Categories.DEFAULTS)
        .setWindowStart(end.minus(Duration.ofDays(7))).setWindowEnd(end).setStories(6).setSources(5)
        .setEvidence(List.of(EvidenceItem.newBuilder().setId("a").setTitle(HOSTILE_TITLE)
            .setUrl("javascript:alert(1)").setSource("evil.example").setCategories(List.of("SANCTIONS")).build()))
        .setReason("4 categories, 6 stories, 5 sources in 6.0 days").setEmittedAt(end).build();
  }

  @Test
  void showsEscalationsLiveAndRendersNewsTextAsText() {
    KAFKA.produce(topics.escalationsState, "PRK|RUS", escalation("FIRING", "CRITICAL", 1));
    browser.get("http://127.0.0.1:" + web.port() + "/");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
    JavascriptExecutor page = (JavascriptExecutor) browser;
    String row = "tr[data-key='PRK|RUS']";

    wait.until(d -> d.findElement(By.cssSelector(row + " td.status")).getText().equals("FIRING"));
    // read the row in one script so a re-render between reads cannot interleave
    @SuppressWarnings("unchecked")
    Map<String, Object> shown = (Map<String, Object>) page.executeScript("""
        const row = document.querySelector(arguments[0]);
        const evidence = row.querySelector('td.evidence');
        return {row: row.innerText, evidence: evidence.innerText,
                images: evidence.querySelectorAll('img').length, links: evidence.querySelectorAll('a').length,
                critical: document.getElementById('count-CRITICAL').textContent,
                connection: document.getElementById('connection').dataset.state};
        """, row);
    assertThat((String) shown.get("row")).contains("CRITICAL").contains("4 categories, 6 stories");
    assertThat((String) shown.get("evidence")).contains("<img src=x").contains("<!channel>");
    assertThat(((Number) shown.get("images")).intValue()).isZero();
    assertThat(((Number) shown.get("links")).intValue()).as("javascript: links are not made links").isZero();
    assertThat(shown.get("critical")).isEqualTo("1");
    assertThat(shown.get("connection")).isEqualTo("live");

    KAFKA.produce(topics.escalationsState, "PRK|RUS", escalation("RESOLVED", "CRITICAL", 2));
    wait.until(d -> d.findElement(By.cssSelector(row + " td.status")).getText().equals("RESOLVED"));
    wait.until(d -> d.findElement(By.id("count-RESOLVED")).getText().equals("1"));
    assertThat(browser.findElement(By.id("count-CRITICAL")).getText()).isEqualTo("0");
    assertThat(browser.getTitle()).isNotEqualTo("pwned");
  }
}
