package io.sluice.registry;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The text forms of registry URLs: for messages (never with user info) and for requests. */
final class RegistryUrls {
    private RegistryUrls() {}

    /** The URL without {@code user:password@} and without a trailing slash. */
    static String withoutUserInfo(URI url) {
        StringBuilder text = new StringBuilder(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() != -1) {
            text.append(':').append(url.getPort());
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        text.append(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        return text.toString();
    }

    /** The text with the user info of a URL in it replaced by {@code ***}, for messages. */
    static String hideUserInfo(String text) {
        return text.replaceFirst("//[^/@]*@", "//***@");
    }

    /** A value as one URL path segment: {@code a b/c} becomes {@code a%20b%2Fc}. */
    static String pathSegment(String value) {
        // URLEncoder encodes for forms, where a space is '+'; in a path '+' is a plus.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
