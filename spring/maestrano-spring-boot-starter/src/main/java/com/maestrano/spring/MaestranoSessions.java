package com.maestrano.spring;

import jakarta.servlet.http.HttpSession;

/**
 * The HTTP session attributes of the integration (the same names as the Python integrations,
 * docs/spec.md §9) and signing out.
 */
public final class MaestranoSessions {
    /** The pending AuthnRequest's ID (removed by the first response posted, valid or not). */
    public static final String REQUEST_ID = "maestrano.request_id";
    /** The same-origin path to return to after signing in. */
    public static final String RETURN_TO = "maestrano.return_to";
    /** The single-logout value of docs/spec.md §4 (holds the platform session token). */
    public static final String SESSION = "maestrano.session";
    /** The signed-in {@link MaestranoUser}. */
    public static final String USER = MaestranoUser.SESSION_ATTRIBUTE;

    private MaestranoSessions() {
    }

    /**
     * Forgets the Maestrano sign-in (user, single-logout value, pending request) in
     * {@code session}, leaving the app's other attributes alone.
     *
     * @param session the HTTP session, or null
     */
    public static void signOut(HttpSession session) {
        if (session == null) {
            return;
        }
        for (String key : new String[] {USER, SESSION, REQUEST_ID, RETURN_TO}) {
            session.removeAttribute(key);
        }
    }

    static String string(HttpSession session, String key) {
        if (session == null) {
            return null;
        }
        return session.getAttribute(key) instanceof String s ? s : null;
    }
}
