package com.maestrano.spring;

/**
 * Published when a user is signed out of the app by the integration.
 *
 * @param user who was signed in
 * @param reason {@code "logout"} (the logout route), or why the platform session no longer holds:
 *     {@code "platform_refused"} (the platform says the session ended: single logout),
 *     {@code "api_connection"} (the platform could not be asked: fail closed) or
 *     {@code "session_invalid"} (the stored session value is unusable)
 */
public record MaestranoSignOutEvent(MaestranoUser user, String reason) {
}
