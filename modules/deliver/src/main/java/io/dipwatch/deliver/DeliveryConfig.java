package io.dipwatch.deliver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the deliver stage needs: where Slack and webhooks are, how hard to push them, and what the
 * analytics topology emits. Bound by Jackson from the {@code deliver:} section of the config file; missing
 * values fall back to {@link #defaults()}, and {@link #withEnvironment(Map)} lays the {@code DIPWATCH_*}
 * variables on top. Secrets (webhook URLs, tokens, signing secrets) never appear in {@code toString()}.
 *
 * @param slack Slack destinations and routing
 * @param webhooks generic signed webhooks; each receives every non-silenced escalation at or above its level
 * @param analytics analytics topology settings
 * @param dashboardUrl base URL of the dashboard, target of the button in every Slack message
 * @param consumerGroup consumer group prefix of the notifier; each destination reads in
 *     {@code <consumerGroup>.<destination id>}
 * @param startFrom where a destination with no committed offset (new, or renamed) starts: {@code earliest}
 *     (default: the whole history, as replay needs) or {@code latest} (only what comes next, so a route
 *     added to a running system does not post every past escalation)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryConfig(
    Slack slack,
    List<Webhook> webhooks,
    Analytics analytics,
    String dashboardUrl,
    String consumerGroup,
    String startFrom) {

  public static final String ENV_SLACK_WEBHOOK_URL = "DIPWATCH_SLACK_WEBHOOK_URL";
  public static final String ENV_SLACK_BOT_TOKEN = "DIPWATCH_SLACK_BOT_TOKEN";
  public static final String ENV_SLACK_CHANNEL = "DIPWATCH_SLACK_CHANNEL";
  public static final String ENV_SLACK_API_URL = "DIPWATCH_SLACK_API_URL";
  public static final String ENV_WEBHOOK_URL = "DIPWATCH_WEBHOOK_URL";
  public static final String ENV_WEBHOOK_SECRET = "DIPWATCH_WEBHOOK_SECRET";
  public static final String ENV_DASHBOARD_URL = "DIPWATCH_DASHBOARD_URL";

  public DeliveryConfig {
    slack = slack == null ? Slack.defaults() : slack;
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    analytics = analytics == null ? Analytics.defaults() : analytics;
    dashboardUrl = blank(dashboardUrl) ? "http://127.0.0.1:8080/" : dashboardUrl;
    consumerGroup = blank(consumerGroup) ? "dipwatch-deliver-notifier" : consumerGroup;
    startFrom = blank(startFrom) ? "earliest" : startFrom.strip().toLowerCase(java.util.Locale.ROOT);
    if (!startFrom.equals("earliest") && !startFrom.equals("latest")) {
      throw new IllegalArgumentException("deliver.startFrom must be earliest or latest, not " + startFrom);
    }
  }

  /** No destination configured (nothing is posted), JSON mirror on, dashboard on 127.0.0.1:8080. */
  public static DeliveryConfig defaults() {
    return new DeliveryConfig(null, null, null, null, null, null);
  }

  /** True when at least one Slack route or webhook would receive messages. */
  public boolean hasDestinations() {
    return slack.configured() || !webhooks.isEmpty();
  }

  /**
   * This config with the environment on top: {@value #ENV_SLACK_WEBHOOK_URL}, {@value #ENV_SLACK_BOT_TOKEN},
   * {@value #ENV_SLACK_CHANNEL}, {@value #ENV_SLACK_API_URL}, {@value #ENV_DASHBOARD_URL}; and
   * {@value #ENV_WEBHOOK_URL} with {@value #ENV_WEBHOOK_SECRET} adds a webhook named {@code env}.
   */
  public DeliveryConfig withEnvironment(Map<String, String> env) {
    Slack s = slack;
    if (!blank(env.get(ENV_SLACK_WEBHOOK_URL))) {
      s = s.withWebhookUrl(env.get(ENV_SLACK_WEBHOOK_URL));
    }
    if (!blank(env.get(ENV_SLACK_BOT_TOKEN))) {
      s = new Slack(s.webhookUrl, env.get(ENV_SLACK_BOT_TOKEN), s.apiBaseUrl, s.defaultChannel, s.routes, s.policy,
          s.maxEvidenceLinks);
    }
    if (!blank(env.get(ENV_SLACK_CHANNEL))) {
      s = new Slack(s.webhookUrl, s.botToken, s.apiBaseUrl, env.get(ENV_SLACK_CHANNEL), s.routes, s.policy,
          s.maxEvidenceLinks);
    }
    if (!blank(env.get(ENV_SLACK_API_URL))) {
      s = s.withApiBaseUrl(env.get(ENV_SLACK_API_URL));
    }
    List<Webhook> hooks = new ArrayList<>(webhooks);
    if (!blank(env.get(ENV_WEBHOOK_URL))) {
      hooks.removeIf(w -> w.name().equals("env"));
      hooks.add(new Webhook("env", env.get(ENV_WEBHOOK_URL), env.get(ENV_WEBHOOK_SECRET), null, null));
    }
    String dashboard = blank(env.get(ENV_DASHBOARD_URL)) ? dashboardUrl : env.get(ENV_DASHBOARD_URL);
    return new DeliveryConfig(s, hooks, analytics, dashboard, consumerGroup, startFrom);
  }

  public DeliveryConfig withSlack(Slack newSlack) {
    return new DeliveryConfig(newSlack, webhooks, analytics, dashboardUrl, consumerGroup, startFrom);
  }

  public DeliveryConfig withWebhooks(List<Webhook> newWebhooks) {
    return new DeliveryConfig(slack, newWebhooks, analytics, dashboardUrl, consumerGroup, startFrom);
  }

  public DeliveryConfig withAnalytics(Analytics newAnalytics) {
    return new DeliveryConfig(slack, webhooks, newAnalytics, dashboardUrl, consumerGroup, startFrom);
  }

  public DeliveryConfig withConsumerGroup(String group) {
    return new DeliveryConfig(slack, webhooks, analytics, dashboardUrl, group, startFrom);
  }

  public DeliveryConfig withStartFrom(String position) {
    return new DeliveryConfig(slack, webhooks, analytics, dashboardUrl, consumerGroup, position);
  }

  /**
   * Slack: incoming webhooks by default, or the Web API with threads when a bot token is given.
   *
   * @param webhookUrl default incoming-webhook URL (secret)
   * @param botToken bot token ({@code xoxb-…}, secret); enables chat.postMessage threads and channel routes
   * @param apiBaseUrl Web API base, {@code https://slack.com/api/}; tests point it at a local server
   * @param defaultChannel default channel for the bot when no route matches
   * @param routes routing rules; every matching route receives the message, the default only when none does
   * @param policy rate limit, retries and timeouts per destination
   * @param maxEvidenceLinks how many evidence links a message lists at most
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Slack(
      String webhookUrl,
      String botToken,
      String apiBaseUrl,
      String defaultChannel,
      List<Route> routes,
      SendPolicy policy,
      int maxEvidenceLinks) {

    public Slack {
      apiBaseUrl = blank(apiBaseUrl) ? "https://slack.com/api/" : apiBaseUrl;
      routes = routes == null ? List.of() : List.copyOf(routes);
      policy = policy == null ? SendPolicy.defaults() : policy;
      maxEvidenceLinks = maxEvidenceLinks <= 0 ? 5 : maxEvidenceLinks;
    }

    public static Slack defaults() {
      return new Slack(null, null, null, null, null, null, 0);
    }

    public boolean botMode() {
      return !blank(botToken);
    }

    /** True when some message could reach Slack at all. */
    public boolean configured() {
      return !blank(webhookUrl) || (botMode() && !blank(defaultChannel)) || !routes.isEmpty();
    }

    public Slack withWebhookUrl(String url) {
      return new Slack(url, botToken, apiBaseUrl, defaultChannel, routes, policy, maxEvidenceLinks);
    }

    public Slack withApiBaseUrl(String url) {
      return new Slack(webhookUrl, botToken, url, defaultChannel, routes, policy, maxEvidenceLinks);
    }

    public Slack withBot(String token, String channel) {
      return new Slack(webhookUrl, token, apiBaseUrl, channel, routes, policy, maxEvidenceLinks);
    }

    public Slack withRoutes(List<Route> newRoutes) {
      return new Slack(webhookUrl, botToken, apiBaseUrl, defaultChannel, newRoutes, policy, maxEvidenceLinks);
    }

    public Slack withPolicy(SendPolicy newPolicy) {
      return new Slack(webhookUrl, botToken, apiBaseUrl, defaultChannel, routes, newPolicy, maxEvidenceLinks);
    }

    @Override
    public String toString() {
      return "Slack[webhookUrl=" + maskUrl(webhookUrl) + ", botToken=" + maskToken(botToken) + ", apiBaseUrl="
          + apiBaseUrl + ", defaultChannel=" + defaultChannel + ", routes=" + routes + ", policy=" + policy
          + ", maxEvidenceLinks=" + maxEvidenceLinks + "]";
    }
  }

  /**
   * One routing rule: a message goes to {@code channel} (bot mode) or {@code webhookUrl} when its level is at
   * least {@code minLevel} and it shares a category and an actor with the lists given (empty = any).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Route(
      String name,
      String minLevel,
      List<String> categories,
      List<String> actors,
      String channel,
      String webhookUrl) {

    public Route {
      categories = categories == null ? List.of() : List.copyOf(categories);
      actors = actors == null ? List.of() : List.copyOf(actors);
      name = blank(name) ? (blank(channel) ? "route" : channel) : name;
    }

    @Override
    public String toString() {
      return "Route[name=" + name + ", minLevel=" + minLevel + ", categories=" + categories + ", actors=" + actors
          + ", channel=" + channel + ", webhookUrl=" + maskUrl(webhookUrl) + "]";
    }
  }

  /**
   * A generic webhook: the escalation as JSON, signed with HMAC-SHA256 over {@code "<timestamp>.<body>"}.
   *
   * @param name stable name; part of the de-duplication identity, so renaming re-sends
   * @param url endpoint (may carry credentials; masked)
   * @param secret shared signing secret; unsigned when empty
   * @param minLevel lowest level sent (default WATCH)
   * @param policy rate limit, retries and timeouts
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Webhook(String name, String url, String secret, String minLevel, SendPolicy policy) {
    public Webhook {
      Objects.requireNonNull(url, "webhook url");
      name = blank(name) ? "webhook" : name;
      secret = secret == null ? "" : secret;
      policy = policy == null ? SendPolicy.defaults() : policy;
    }

    @Override
    public String toString() {
      return "Webhook[name=" + name + ", url=" + maskUrl(url) + ", secret=" + (secret.isEmpty() ? "none" : "****")
          + ", minLevel=" + minLevel + ", policy=" + policy + "]";
    }
  }

  /**
   * How hard one destination is pushed.
   *
   * @param ratePerSecond messages per second, evenly spaced (Slack allows about 1 per channel)
   * @param maxRetries retries after the first attempt for 429, 5xx and timeouts; then the record is parked
   * @param initialBackoff first back-off after a 5xx or timeout; doubles, with jitter, up to maxBackoff
   * @param maxBackoff cap of the exponential back-off
   * @param maxRetryAfter cap on a server's Retry-After
   * @param connectTimeout TCP connect timeout
   * @param requestTimeout whole-request timeout
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SendPolicy(
      Double ratePerSecond,
      Integer maxRetries,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration maxRetryAfter,
      Duration connectTimeout,
      Duration requestTimeout) {

    public SendPolicy {
      ratePerSecond = ratePerSecond == null || ratePerSecond <= 0 ? 1.0 : ratePerSecond;
      maxRetries = maxRetries == null || maxRetries < 0 ? 5 : maxRetries;
      initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
      maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
      maxRetryAfter = maxRetryAfter == null ? Duration.ofSeconds(120) : maxRetryAfter;
      connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
      requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
    }

    /** 1 message/s, 5 retries, back-off 0.5 s doubling to 30 s, Retry-After capped at 2 min, 5 s / 10 s timeouts. */
    public static SendPolicy defaults() {
      return new SendPolicy(null, null, null, null, null, null, null);
    }
  }

  /**
   * The analytics topology.
   *
   * @param jsonMirror also write every escalation as a JSON line to the escalations JSON topic
   * @param countsGrace how late (event time) a classified event may arrive and still count in its hour
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Analytics(Boolean jsonMirror, Duration countsGrace) {
    public Analytics {
      jsonMirror = jsonMirror == null ? Boolean.TRUE : jsonMirror;
      countsGrace = countsGrace == null ? Duration.ofMinutes(30) : countsGrace;
    }

    public static Analytics defaults() {
      return new Analytics(null, null);
    }
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** Scheme and host only: incoming-webhook paths and query strings are credentials. */
  static String maskUrl(String url) {
    if (blank(url)) {
      return "none";
    }
    try {
      URI uri = URI.create(url.trim());
      return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/****";
    } catch (IllegalArgumentException e) {
      return "****";
    }
  }

  static String maskToken(String token) {
    if (blank(token)) {
      return "none";
    }
    int dash = token.indexOf('-');
    return (dash > 0 && dash < 6 ? token.substring(0, dash + 1) : "") + "****";
  }
}
