package io.smtpy.sending.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HtmlTrackingTest {
    /** Records the URLs it was asked about; the click link is "T(<n>)". */
    static final class RecordingTracker implements LinkTracker {
        final List<String> asked = new ArrayList<>();
        private final boolean opens;
        private final boolean clicks;

        RecordingTracker(boolean opens, boolean clicks) {
            this.opens = opens;
            this.clicks = clicks;
        }

        @Override
        public Optional<String> pixelUrl() {
            return opens ? Optional.of("https://t.example/smtpy/t/o/PIXEL") : Optional.empty();
        }

        @Override
        public Optional<String> clickUrl(String url) {
            if (!clicks) {
                return Optional.empty();
            }
            asked.add(url);
            return Optional.of("https://t.example/smtpy/t/c/T" + asked.size());
        }
    }

    @Test
    void everyWebLinkShouldBeRewrittenAndThePixelPutBeforeTheBodyEnds() {
        RecordingTracker tracker = new RecordingTracker(true, true);
        String html = "<html><body><p>Hi <a href=\"https://shop.example/a?x=1&amp;y=2\">shop</a>,"
            + " <A class=x HREF='http://blog.example/'>blog</A> and <a href=https://c.example/z>c</a>.</p></BODY></html>";

        String tracked = HtmlTracking.rewrite(html, tracker);

        assertThat(tracker.asked).containsExactly("https://shop.example/a?x=1&y=2", "http://blog.example/", "https://c.example/z");
        assertThat(tracked).isEqualTo("<html><body><p>Hi <a href=\"https://t.example/smtpy/t/c/T1\">shop</a>,"
            + " <A class=x HREF='https://t.example/smtpy/t/c/T2'>blog</A> and <a href=https://t.example/smtpy/t/c/T3>c</a>.</p>"
            + "<img src=\"https://t.example/smtpy/t/o/PIXEL\" width=\"1\" height=\"1\" alt=\"\" style=\"border:0;width:1px;height:1px\">"
            + "</BODY></html>");
    }

    @Test
    void otherLinksShouldStayAsTheyWere() {
        RecordingTracker tracker = new RecordingTracker(false, true);
        String html = "<a href=\"mailto:a@b.example\">m</a><a href=\"#top\">t</a><a href=\"/relative\">r</a>"
            + "<a data-href=\"https://no.example/\" name=x>n</a><a>none</a><link href=\"https://css.example/\">";

        assertThat(HtmlTracking.rewrite(html, tracker)).isEqualTo(html);
        assertThat(tracker.asked).isEmpty();
    }

    @Test
    void withoutABodyEndThePixelShouldGoAtTheEnd() {
        assertThat(HtmlTracking.rewrite("<p>hello</p>", new RecordingTracker(true, false)))
            .isEqualTo("<p>hello</p><img src=\"https://t.example/smtpy/t/o/PIXEL\" width=\"1\" height=\"1\" alt=\"\""
                + " style=\"border:0;width:1px;height:1px\">");
    }

    @Test
    void opensOnlyShouldLeaveTheLinks() {
        String tracked = HtmlTracking.rewrite("<body><a href=\"https://shop.example/\">s</a></body>", new RecordingTracker(true, false));

        assertThat(tracked).contains("href=\"https://shop.example/\"").contains("/smtpy/t/o/PIXEL");
    }

    @Test
    void characterReferencesShouldBeReadAsABrowserReadsThem() {
        assertThat(HtmlTracking.decode("https://a.example/?q=1&amp;r=&#50;&#x33;&quot;")).isEqualTo("https://a.example/?q=1&r=23\"");
    }
}
