package com.maestrano.spring;

import java.io.Serializable;

import com.maestrano.SsoResult;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Who signed in through Maestrano, as kept in the HTTP session (serialisable, so it survives a
 * session store such as Spring Session).
 *
 * <p>Get it with {@link #current(HttpServletRequest)} or as a parameter of a Spring MVC handler
 * method ({@code null} when nobody is signed in).
 *
 * @param uid the app's uid for the user: the real uid, or {@code usr.cld} in virtual creation mode
 * @param realUid the platform's uid of the user
 * @param email the user's email (the virtual email in virtual mode)
 * @param firstName the first name
 * @param lastName the last name
 * @param groupUid the group (customer organisation) the user signed in through
 * @param groupName the group's name
 * @param role the user's role in the group
 */
public record MaestranoUser(
        String uid,
        String realUid,
        String email,
        String firstName,
        String lastName,
        String groupUid,
        String groupName,
        String role) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The session attribute holding the signed-in user. */
    public static final String SESSION_ATTRIBUTE = "maestrano.user";

    /**
     * The user of a validated SSO response.
     *
     * @param result the validated response
     * @return the user to keep in the session
     */
    public static MaestranoUser from(SsoResult result) {
        return new MaestranoUser(
                result.getUser().getUid(),
                result.getUser().getExtra().getUid(),
                result.getUser().getInfo().getEmail(),
                result.getUser().getInfo().getFirstName(),
                result.getUser().getInfo().getLastName(),
                result.getGroup().getUid(),
                result.getGroup().getInfo().getName(),
                result.getMembership().getRole());
    }

    /**
     * The signed-in user of {@code request}'s session.
     *
     * @param request the current request
     * @return the user, or {@code null} when nobody is signed in (no session is created)
     */
    public static MaestranoUser current(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        return session.getAttribute(SESSION_ATTRIBUTE) instanceof MaestranoUser user ? user : null;
    }
}
