package com.maestrano.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.maestrano.spring.MaestranoAccessDeniedException;
import com.maestrano.spring.MaestranoSignInEvent;
import com.maestrano.spring.MaestranoSignOutEvent;
import com.maestrano.spring.MaestranoWebhookEvent;

/**
 * The app's side of the integration's events: where a real app would find or create its user
 * and group on sign-in, and suspend a group or a membership on the platform's webhooks. Here
 * they are recorded (shown at {@code /events}), and groups listed in
 * {@code demo.refused-groups} are refused the app.
 */
@Component
public class EventLog {
    private final List<Map<String, Object>> entries = new ArrayList<>();
    private final Set<String> refusedGroups;

    /**
     * @param refusedGroups groups whose users may not sign in (comma-separated)
     */
    public EventLog(@Value("${demo.refused-groups:}") Set<String> refusedGroups) {
        this.refusedGroups = refusedGroups;
    }

    /**
     * A user passed SSO: refuse the listed groups, record the others.
     *
     * @param event the sign-in
     */
    @EventListener
    public void signedIn(MaestranoSignInEvent event) {
        if (refusedGroups.contains(event.user().groupUid())) {
            record("sign_in_refused", Map.of("user", event.user().uid(), "group", event.user().groupUid()));
            throw new MaestranoAccessDeniedException("group " + event.user().groupUid() + " may not use the demo");
        }
        record("sign_in", Map.of("user", event.user().uid(), "group", event.user().groupUid()));
    }

    /**
     * A user was signed out (logout route or single logout).
     *
     * @param event the sign-out
     */
    @EventListener
    public void signedOut(MaestranoSignOutEvent event) {
        record("sign_out", Map.of("user", event.user().uid(), "reason", String.valueOf(event.reason())));
    }

    /**
     * The platform called a webhook.
     *
     * @param event the call
     */
    @EventListener
    public void webhook(MaestranoWebhookEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("group", event.event().getGroupId());
        fields.put("user", event.event().getUserId());
        fields.put("local_user", event.event().getLocalUserId());
        fields.put("tenant", event.event().getTenant());
        if (event instanceof MaestranoWebhookEvent.ConnecNotification n) {
            fields.put("records", n.records());
        }
        record(event.event().getEvent(), fields);
    }

    /** @return what happened so far, oldest first */
    public synchronized List<Map<String, Object>> entries() {
        return List.copyOf(entries);
    }

    private synchronized void record(String type, Map<String, Object> fields) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", type);
        entry.put("at", Instant.now().toString());
        entry.putAll(fields);
        entries.add(entry);
    }
}
