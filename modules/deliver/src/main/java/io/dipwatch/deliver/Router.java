package io.dipwatch.deliver;

import io.dipwatch.core.model.Level;
import io.dipwatch.deliver.DeliveryConfig.Route;
import io.dipwatch.deliver.DeliveryConfig.Slack;
import io.dipwatch.deliver.slack.SlackBotDestination;
import io.dipwatch.deliver.slack.SlackMessages;
import io.dipwatch.deliver.slack.SlackWebhookDestination;
import io.dipwatch.deliver.webhook.WebhookDestination;
import io.dipwatch.schema.Escalation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides where an escalation goes. Slack: every route whose level, category and actor conditions match
 * (e.g. CRITICAL → the duty channel, PRK → the Korea desk), or the default route (bot default channel, else
 * the default incoming webhook) when none does. Generic webhooks: each one at or above its level.
 * Silenced records go nowhere. Destinations are built once, so each keeps one rate limiter and client.
 */
public final class Router {
  private final List<RoutedSlack> routes = new ArrayList<>();
  private final Destination slackDefault;
  private final List<WebhookDestination> webhooks = new ArrayList<>();
  private final Map<String, Destination> all = new LinkedHashMap<>();

  private record RoutedSlack(Route route, Level minLevel, Destination destination) {
    boolean matches(Escalation e) {
      return Level.valueOf(e.getLevel()).atLeast(minLevel)
          && (route.categories().isEmpty() || e.getCategories().stream().anyMatch(route.categories()::contains))
          && (route.actors().isEmpty() || e.getActors().stream().anyMatch(route.actors()::contains));
    }
  }

  /**
   * @throws IllegalArgumentException for a route naming a channel without a bot token, or neither target
   */
  public Router(DeliveryConfig config, Clock clock) {
    Slack slack = config.slack();
    SlackMessages messages = new SlackMessages(config.dashboardUrl(), slack.maxEvidenceLinks());
    for (Route route : slack.routes()) {
      Destination target;
      if (!DeliveryConfig.blank(route.channel())) {
        if (!slack.botMode()) {
          throw new IllegalArgumentException("Slack route " + route.name() + " names channel " + route.channel()
              + " but no bot token is configured (set DIPWATCH_SLACK_BOT_TOKEN or use webhookUrl)");
        }
        target = new SlackBotDestination(route.channel(), slack.botToken(), slack.apiBaseUrl(), slack.policy(),
            messages);
      } else if (!DeliveryConfig.blank(route.webhookUrl())) {
        target = new SlackWebhookDestination(route.webhookUrl(), slack.policy(), messages);
      } else {
        throw new IllegalArgumentException("Slack route " + route.name() + " has neither channel nor webhookUrl");
      }
      routes.add(new RoutedSlack(route, level(route.minLevel()), register(target)));
    }
    if (slack.botMode() && !DeliveryConfig.blank(slack.defaultChannel())) {
      slackDefault = register(new SlackBotDestination(slack.defaultChannel(), slack.botToken(), slack.apiBaseUrl(),
          slack.policy(), messages));
    } else if (!DeliveryConfig.blank(slack.webhookUrl())) {
      slackDefault = register(new SlackWebhookDestination(slack.webhookUrl(), slack.policy(), messages));
    } else {
      slackDefault = null;
    }
    for (DeliveryConfig.Webhook webhook : config.webhooks()) {
      webhooks.add((WebhookDestination) register(new WebhookDestination(webhook, clock)));
    }
  }

  private Destination register(Destination destination) {
    return all.computeIfAbsent(destination.id(), id -> destination);
  }

  private static Level level(String name) {
    return name == null || name.isBlank() ? Level.WATCH : Level.valueOf(name.strip().toUpperCase(Locale.ROOT));
  }

  /** The destinations of one escalation, each once, in configuration order. */
  public List<Destination> route(Escalation e) {
    if (e.getSilenced()) {
      return List.of();
    }
    Map<String, Destination> targets = new LinkedHashMap<>();
    for (RoutedSlack routed : routes) {
      if (routed.matches(e)) {
        targets.putIfAbsent(routed.destination().id(), routed.destination());
      }
    }
    if (targets.isEmpty() && slackDefault != null) {
      targets.put(slackDefault.id(), slackDefault);
    }
    for (WebhookDestination webhook : webhooks) {
      if (webhook.accepts(e)) {
        targets.putIfAbsent(webhook.id(), webhook);
      }
    }
    return List.copyOf(targets.values());
  }

  /** Every destination a record could be routed to. */
  public Collection<Destination> destinations() {
    return all.values();
  }
}
