package org.coppipeline.gateway.cds;

import java.util.regex.Pattern;

/**
 * Text into a card: the stages' wording can quote what a chart said (a drug's name, an organism), so in markdown
 * every punctuation mark that GFM could read as syntax (a link, an image, HTML, emphasis) is escaped, and line breaks
 * become spaces. Summaries are plain text: cut at a word to fit CDS Hooks' "&lt;140 characters".
 */
final class Markdown {

    /** CDS Hooks 2.0: "One-sentence, <140-character summary". */
    static final int SUMMARY_MAX = 139;
    private static final Pattern SPECIAL = Pattern.compile("([\\\\`*_{}\\[\\]()#+\\-.!|<>~&\"'=:])");
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:&/+-]{0,79}$");

    private Markdown() {
    }

    static String text(String value) {
        if (value == null) {
            return "";
        }
        String flat = value.replaceAll("[\\r\\n\\t\\u0000-\\u001f]+", " ").strip();
        return SPECIAL.matcher(flat).replaceAll("\\\\$1");
    }

    /** A code or citation key as a code span; anything that is not a plain key is escaped text instead. */
    static String code(String value) {
        return value != null && KEY.matcher(value).matches() ? "`" + value + "`" : text(value);
    }

    static String summary(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        if (flat.length() <= SUMMARY_MAX) {
            return flat;
        }
        int cut = flat.lastIndexOf(' ', SUMMARY_MAX - 1);
        return (cut > 60 ? flat.substring(0, cut) : flat.substring(0, SUMMARY_MAX - 1)) + "…";
    }
}
