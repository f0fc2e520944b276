package io.smtpy.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AutoReplyDetectorTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rfc3834-out-of-office.eml,   AUTO_REPLY,         Auto-Submitted: auto-replied",
        "outlook-automatic-reply.eml, AUTO_REPLY,         subject: auto-reply",
        "abwesenheitsnotiz.eml,       AUTO_REPLY,         subject: auto-reply",
        "cpanel-autoresponder.eml,    AUTO_REPLY,         field X-Autorespond",
        "boxtrapper-challenge.eml,    CHALLENGE_RESPONSE, field X-Boxtrapper",
        "tmda-confirmation.eml,       CHALLENGE_RESPONSE, field X-Delivery-Agent: TMDA",
    })
    void robotShouldBeTold(String sample, BounceClass cls, String rule) {
        BounceClassification robot = AutoReplyDetector.detect(Samples.read(sample)).orElseThrow();

        assertThat(robot.cls()).isEqualTo(cls);
        assertThat(robot.matchedRule()).isEqualTo(rule);
        assertThat(robot.severity()).isEqualTo(Severity.NONE);
        assertThat(robot.isFailure()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"human-reply.eml", "gmail-no-such-user.eml", "postfix-user-unknown.eml", "yahoo-fbl.eml",
        "exim-text-only.eml"})
    void peopleAndReportsShouldNotBeRobots(String sample) {
        assertThat(AutoReplyDetector.detect(Samples.read(sample))).isEmpty();
    }

    @Test
    void verificationSubjectOnAnAutomaticMailShouldBeAChallenge() {
        byte[] message = ("From: guard@cr.example\nSubject: Please verify your message to anna@cr.example\n"
            + "Auto-Submitted: auto-replied\n\nClick the link to be added.\n").getBytes();

        assertThat(AutoReplyDetector.detect(message).map(BounceClassification::cls)).contains(BounceClass.CHALLENGE_RESPONSE);
    }

    @Test
    void verificationSubjectFromAPersonShouldBeNothing() {
        byte[] message = "From: anna@friend.example\nSubject: Please confirm your attendance\n\nSee you?\n".getBytes();

        assertThat(AutoReplyDetector.detect(message)).isEmpty();
    }

    @Test
    void precedenceAutoReplyShouldBeAnAutoReply() {
        byte[] message = "From: a@b.example\nSubject: Thanks\nPrecedence: auto_reply\n\nThanks.\n".getBytes();

        assertThat(AutoReplyDetector.detect(message).map(BounceClassification::matchedRule)).contains("Precedence: auto_reply");
    }

    @Test
    void garbageShouldBeNothing() {
        byte[] garbage = new byte[5 * 1024 * 1024];
        new Random(3834).nextBytes(garbage);

        assertThat(AutoReplyDetector.detect(garbage)).isEmpty();
        assertThat(AutoReplyDetector.detect(null)).isEmpty();
    }
}
