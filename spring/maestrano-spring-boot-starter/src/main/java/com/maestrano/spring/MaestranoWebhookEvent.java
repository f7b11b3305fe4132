package com.maestrano.spring;

import java.util.List;
import java.util.Map;

import com.maestrano.WebhookEvent;

/**
 * The platform's authenticated calls, published as application events (listen with
 * {@code @EventListener}); the route answers {@code {"success":true}} once the listeners
 * returned, 500 if one threw (the platform then retries).
 */
public sealed interface MaestranoWebhookEvent {
    /** @return the routed call: group, user, tenant */
    WebhookEvent event();

    /**
     * A group (customer organisation) cancelled the app: {@code event().getGroupId()}.
     *
     * @param event the routed call
     */
    record GroupCancelled(WebhookEvent event) implements MaestranoWebhookEvent {
    }

    /**
     * A user left a group: {@code event().getUserId()} (real uid), {@code getLocalUserId()} (the
     * app's uid, masked in virtual mode), {@code getGroupId()}.
     *
     * @param event the routed call
     */
    record MemberRemoved(WebhookEvent event) implements MaestranoWebhookEvent {
    }

    /**
     * Connec! sent changed records: entity name → records (plain maps), in body order.
     *
     * @param event the routed call
     * @param records the records by entity
     */
    record ConnecNotification(WebhookEvent event, Map<String, List<Map<String, Object>>> records) implements MaestranoWebhookEvent {
    }
}
