package com.maestrano.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pages the integration writes: escaping, and the re-post form of docs/spec.md D36. */
class PagesTest {
    @Test
    void repostEscapesEveryValue() {
        String page = Pages.repost("/consume\"x", "PHNhbWw+\"><script>alert(1)</script>", "'/a?b=1&c=<d>'");
        assertThat(page)
                .contains("action=\"/consume&quot;x\"")
                .contains("<input type=\"hidden\" name=\"maestrano_repost\" value=\"1\">")
                .contains("value=\"PHNhbWw+&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"")
                .contains("value=\"&#39;/a?b=1&amp;c=&lt;d&gt;&#39;\"")
                .doesNotContain("<script>alert")
                .contains("<noscript><button type=\"submit\">Continue</button></noscript>");
    }

    @Test
    void repostWithoutRelayState() {
        assertThat(Pages.repost("/c", "abc", null)).doesNotContain("RelayState").contains("name=\"SAMLResponse\" value=\"abc\"");
    }

    @Test
    void errorPageEscapes() {
        assertThat(Pages.error("<t>", "a & b")).contains("<h1>&lt;t&gt;</h1>").contains("<p id='sso-error'>a &amp; b</p>");
    }

    @Test
    void pathsLoseTrailingSlashes() {
        assertThat(MaestranoFilter.normalise("/a/b//")).isEqualTo("/a/b");
        assertThat(MaestranoFilter.normalise("/")).isEqualTo("/");
        assertThat(MaestranoFilter.normalise("")).isEqualTo("/");
    }
}
