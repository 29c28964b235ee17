package org.coppipeline.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The page's own sources keep the promises of CONTRACT 8 that a browser cannot check on one run: no API that parses
 * HTML or evaluates text, no browser storage but the sign-in's PKCE values, nothing inline that a strict CSP refuses.
 */
class DashboardSourceTest {
    private static final Path PAGE = Path.of("src/main/resources/META-INF/resources/dashboard");
    private static final Pattern HTML_SINKS = Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new\\s+Function\\s*\\(|setTimeout\\s*\\(\\s*['\"`]|"
                    + "createContextualFragment|DOMParser|srcdoc");
    private static final Pattern STORAGE = Pattern.compile("localStorage|indexedDB|document\\.cookie|caches\\.open|openDatabase");

    @Test
    void noScriptParsesOrEvaluatesText() throws IOException {
        List<Path> scripts = files(".js");
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(5);
        for (Path script : scripts) {
            assertThat(HTML_SINKS.matcher(code(script)).find()).as(script + " uses an HTML or eval sink").isFalse();
        }
    }

    @Test
    void onlyTheSignInTouchesBrowserStorage() throws IOException {
        for (Path script : files(".js")) {
            String code = code(script);
            assertThat(STORAGE.matcher(code).find()).as(script + " touches browser storage").isFalse();
            if (!script.getFileName().toString().equals("auth.js")) {
                assertThat(code).as(script + " uses sessionStorage").doesNotContain("sessionStorage");
            }
        }
    }

    @Test
    void theHtmlHasNothingInline() throws IOException {
        for (Path page : files(".html")) {
            String html = Files.readString(page);
            assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find()).as(page + ": inline script").isFalse();
            assertThat(html).as(page + ": style element").doesNotContain("<style");
            assertThat(Pattern.compile("\\sstyle\\s*=").matcher(html).find()).as(page + ": style attribute").isFalse();
            assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find())
                    .as(page + ": event handler attribute").isFalse();
            assertThat(html).as(page + ": javascript: URL").doesNotContainIgnoringCase("javascript:");
        }
    }

    /** The source without its comments, so that a comment naming a sink does not count. */
    private static String code(Path script) throws IOException {
        return Files.readString(script).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
    }

    private static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> all = Files.walk(PAGE)) {
            return all.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
