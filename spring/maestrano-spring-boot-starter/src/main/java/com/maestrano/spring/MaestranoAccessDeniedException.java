package com.maestrano.spring;

/**
 * Thrown by a {@link MaestranoSignInEvent} listener to refuse a user the app: the consume route
 * answers 403 with a generic page and keeps nothing in the session.
 */
public class MaestranoAccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message why, for the log (never shown to the user)
     */
    public MaestranoAccessDeniedException(String message) {
        super(message);
    }
}
