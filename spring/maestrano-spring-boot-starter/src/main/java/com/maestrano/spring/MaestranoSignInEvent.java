package com.maestrano.spring;

import com.maestrano.SsoResult;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Published (synchronously) when a user has passed SSO, before the sign-in is kept in the
 * session: find or create the app's user and group here. A listener that throws
 * {@link MaestranoAccessDeniedException} refuses the sign-in (403, nothing kept).
 *
 * @param user who signed in
 * @param result the whole validated response (group details, attributes)
 * @param request the consume request
 */
public record MaestranoSignInEvent(MaestranoUser user, SsoResult result, HttpServletRequest request) {
}
