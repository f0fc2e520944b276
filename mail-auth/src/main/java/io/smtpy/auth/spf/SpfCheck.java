package io.smtpy.auth.spf;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.apache.james.jspf.core.DNSLookupContinuation;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.DNSServiceEnabled;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.MacroExpandEnabled;
import org.apache.james.jspf.core.SPF1Utils;
import org.apache.james.jspf.core.SPFCheckEnabled;
import org.apache.james.jspf.core.SPFChecker;
import org.apache.james.jspf.core.SPFCheckerExceptionCatcher;
import org.apache.james.jspf.core.SPFSession;
import org.apache.james.jspf.core.exceptions.SPFErrorConstants;
import org.apache.james.jspf.core.exceptions.SPFResultException;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.executor.FutureSPFResult;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.DefaultTermsFactory;
import org.apache.james.jspf.impl.SPF;
import org.apache.james.jspf.parser.RFC4408SPF1Parser;
import org.apache.james.jspf.wiring.WiringServiceTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.net.InetAddresses;

import io.smtpy.auth.AuthStatus;
import io.smtpy.dns.AnswerSource;
import io.smtpy.dns.StubResolver;

/**
 * SPF (RFC 7208) of one SMTP transaction with James's jSPF library: is the client allowed to send for the domain
 * of MAIL FROM, or, for the null sender {@code <>}, for its HELO name (§2.3)?
 *
 * <p>Each check asks an {@link AnswerSource}: the configured resolver directly ({@link StubResolver}, which resends
 * unanswered queries), or the mail path's TTL cache in front of it; within the processing limits of §4.6.4 (see
 * {@link BoundedDnsService}). It never throws: input that is not an IP address gives
 * {@code permerror}, an identity that is not a domain gives {@code none} (§4.3), an unreachable resolver
 * {@code temperror}, each with a reason. jSPF's objects are built per check, so one instance is safe to share.
 */
public class SpfCheck {
    /** RFC 7208 §4.6.4: a whole check may be given at least 20 seconds. */
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(20);
    /** Told to the client on {@code fail} when the domain publishes no {@code exp=} of its own. */
    static final String DEFAULT_EXPLANATION = "%{i} is not a designated sender of %{o}";
    /** RFC 5321 §4.5.3.1.3 allows 256 octets of path; anything much longer is not an address. */
    private static final int MAX_SENDER_LENGTH = 512;
    private static final int MAX_ECHOED_INPUT = 100;
    private static final int MAX_REASON = 200;
    private static final int MAX_QUOTED_TERM = 40;
    private static final String SYNTAX_ERROR = " is not syntactically valid";
    private static final Logger LOGGER = LoggerFactory.getLogger(SpfCheck.class);

    private final AnswerSource dns;
    private final Duration queryTimeout;
    private final Duration checkTimeout;
    private final Clock clock;
    // jSPF's parser and its term factory are built once: building them reads termsdef.properties from the class path
    // and compiles the grammar's regular expressions, measured at a third of the SMTP threads' CPU when done per
    // check. What must be per check, the DNS service with its budget, is reached through the thread running it.
    private final CurrentCheckDns currentCheckDns = new CurrentCheckDns();
    private final SynchronousSPFExecutor executor;
    private final SPF spf;

    /**
     * @param resolver the recursive resolver (or local DNS server) every query is sent to
     * @param queryTimeout how long one query may go unanswered before the check is a {@code temperror}
     */
    public SpfCheck(InetSocketAddress resolver, Duration queryTimeout) {
        this(resolver, queryTimeout, DEFAULT_CHECK_TIMEOUT, Clock.systemUTC());
    }

    /**
     * @param checkTimeout how long a whole check (all its queries) may take before it is a {@code temperror}
     * @param clock measures {@code checkTimeout}
     */
    public SpfCheck(InetSocketAddress resolver, Duration queryTimeout, Duration checkTimeout, Clock clock) {
        this(new StubResolver(Objects.requireNonNull(resolver, "resolver")), queryTimeout, checkTimeout, clock);
    }

    /**
     * @param dns where every question of a check goes: a {@link StubResolver}, or the mail path's cache
     * @param queryTimeout how long one question may go unanswered before the check is a {@code temperror}
     * @param checkTimeout how long a whole check (all its queries) may take before it is a {@code temperror}
     * @param clock measures {@code checkTimeout}
     */
    public SpfCheck(AnswerSource dns, Duration queryTimeout, Duration checkTimeout, Clock clock) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout");
        this.checkTimeout = Objects.requireNonNull(checkTimeout, "checkTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (queryTimeout.isNegative() || queryTimeout.isZero() || checkTimeout.isNegative() || checkTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive, not " + queryTimeout + " and " + checkTimeout);
        }
        WiringServiceTable wiring = new WiringServiceTable();
        wiring.put(DNSServiceEnabled.class, currentCheckDns);
        MacroExpand macroExpand = new MacroExpand(currentCheckDns);
        wiring.put(MacroExpandEnabled.class, macroExpand);
        this.executor = new SynchronousSPFExecutor(currentCheckDns);
        this.spf = new SPF(currentCheckDns, new RFC4408SPF1Parser(new DefaultTermsFactory(wiring)), macroExpand, executor);
        wiring.put(SPFCheckEnabled.class, spf);
        spf.setDefaultExplanation(DEFAULT_EXPLANATION);
    }

    /**
     * @param client the SMTP client's address
     * @param helo the HELO/EHLO argument; may be null or empty when the client sent none
     * @param mailFrom the MAIL FROM address, with or without angle brackets; empty for the null sender
     */
    public SpfVerdict check(InetAddress client, String helo, Optional<String> mailFrom) {
        if (client == null) {
            return check("", helo, mailFrom);
        }
        return check(InetAddresses.toAddrString(client), helo, mailFrom);
    }

    /** As {@link #check(InetAddress, String, Optional)}, with the client address as text (IPv4 or IPv6). */
    public SpfVerdict check(String clientIp, String helo, Optional<String> mailFrom) {
        String heloName = helo == null ? "" : helo.trim();
        Optional<String> sender = reversePath(mailFrom);
        SpfIdentity identity = sender.isPresent() ? SpfIdentity.MAILFROM : SpfIdentity.HELO;
        String localPart = "postmaster";
        String domainText = heloName;
        if (sender.isPresent()) {
            if (sender.get().length() > MAX_SENDER_LENGTH) {
                return noDomain(identity, "MAIL FROM is too long to be an address");
            }
            int at = sender.get().lastIndexOf('@');
            if (at < 0) {
                return noDomain(identity, "MAIL FROM " + echo(sender.get()) + " has no domain");
            }
            if (at > 0) {
                localPart = sender.get().substring(0, at);
            }
            domainText = sender.get().substring(at + 1);
        }
        Optional<String> domain = SpfDomain.asAscii(domainText);
        if (domain.isEmpty()) {
            String what = identity == SpfIdentity.HELO ? "HELO name " : "MAIL FROM domain ";
            return noDomain(identity, what + echo(domainText) + " is not a domain name SPF can check");
        }
        String ip = clientIp == null ? "" : clientIp.trim();
        if (ip.indexOf('%') >= 0) {
            ip = ip.substring(0, ip.indexOf('%'));
        }
        if (!InetAddresses.isInetAddress(ip)) {
            return new SpfVerdict(AuthStatus.PERMERROR, identity, domain.get(), Optional.empty(),
                Optional.of("client address " + echo(ip) + " is not an IP address"));
        }
        String jspfSender = sender.isPresent() ? localPart + "@" + domain.get() : "";
        String jspfHelo = identity == SpfIdentity.HELO ? domain.get() : heloForMacros(heloName);
        try {
            return evaluate(ip, jspfSender, jspfHelo, identity, domain.get());
        } catch (RuntimeException e) {
            LOGGER.warn("SPF check of {} for {} failed", domain.get(), ip, e);
            return new SpfVerdict(AuthStatus.NEUTRAL, identity, domain.get(), Optional.empty(),
                Optional.of("SPF evaluation failed: " + e));
        }
    }

    private SpfVerdict evaluate(String ip, String sender, String helo, SpfIdentity identity, String domain) {
        BoundedDnsService dns = new BoundedDnsService(this.dns, queryTimeout, checkTimeout, clock);
        SPFSession session = new SPFSession(sender, helo, ip);
        ResultRecorder recorder = new ResultRecorder();
        // As jSPF's SPF.checkSPF(String, String, String) does, but with a last checker that keeps the reason.
        session.pushChecker(recorder);
        session.pushChecker(spf);
        currentCheckDns.begin(dns);
        try {
            executor.execute(session, new FutureSPFResult());
        } finally {
            currentCheckDns.end();
        }

        if (dns.abort().isPresent()) {
            BoundedDnsService.Abort abort = dns.abort().get();
            return new SpfVerdict(abort.status(), identity, domain, Optional.empty(), Optional.of(abort.reason()));
        }
        AuthStatus status = status(session.getCurrentResultExpanded());
        Optional<String> explanation = status == AuthStatus.FAIL
            ? Optional.ofNullable(session.getExplanation()).filter(text -> !text.isEmpty())
                .map(text -> printable(text, MAX_REASON))
            : Optional.empty();
        Optional<String> reason = recorder.failure();
        if (status == AuthStatus.TEMPERROR && dns.lastFailure().isPresent()) {
            reason = dns.lastFailure();
        }
        if (status == AuthStatus.NONE && reason.isEmpty()) {
            reason = Optional.of("no SPF record at " + domain);
        }
        return new SpfVerdict(status, identity, domain, explanation, reason);
    }

    private static AuthStatus status(String jspfResult) {
        if (jspfResult == null) {
            return AuthStatus.NEUTRAL;
        }
        switch (jspfResult.toLowerCase(Locale.ROOT)) {
            case SPFErrorConstants.PASS_CONV:
                return AuthStatus.PASS;
            case SPFErrorConstants.FAIL_CONV:
                return AuthStatus.FAIL;
            case SPFErrorConstants.SOFTFAIL_CONV:
                return AuthStatus.SOFTFAIL;
            case SPFErrorConstants.NONE_CONV:
                return AuthStatus.NONE;
            case SPFErrorConstants.TEMP_ERROR_CONV:
                return AuthStatus.TEMPERROR;
            case SPFErrorConstants.PERM_ERROR_CONV:
                return AuthStatus.PERMERROR;
            default:
                return AuthStatus.NEUTRAL;
        }
    }

    /** The reverse-path without angle brackets; empty for the null sender. */
    private static Optional<String> reversePath(Optional<String> mailFrom) {
        if (mailFrom == null || mailFrom.isEmpty()) {
            return Optional.empty();
        }
        String path = mailFrom.get().trim();
        if (path.startsWith("<") && path.endsWith(">") && path.length() >= 2) {
            path = path.substring(1, path.length() - 1).trim();
        }
        return path.isEmpty() ? Optional.empty() : Optional.of(path);
    }

    /** The HELO name is only used in {@code %{h}} macros when MAIL FROM is checked: keep it a harmless string. */
    private static String heloForMacros(String helo) {
        if (helo.isEmpty() || helo.length() > 255 || !helo.chars().allMatch(c -> c > 32 && c < 127)) {
            return "unknown";
        }
        return helo;
    }

    private static SpfVerdict noDomain(SpfIdentity identity, String reason) {
        return new SpfVerdict(AuthStatus.NONE, identity, "", Optional.empty(), Optional.of(reason));
    }

    /**
     * jSPF's message, fit for a header: its syntax errors end with the whole grammar regex, and quote the term,
     * which may be kilobytes of the record.
     */
    private static String readable(String message) {
        String text = message;
        int regex = text.indexOf(SYNTAX_ERROR);
        if (regex >= 0) {
            text = text.substring(0, regex + SYNTAX_ERROR.length());
            int term = text.indexOf('[');
            int termEnd = text.lastIndexOf(']');
            if (term >= 0 && termEnd > term + MAX_QUOTED_TERM) {
                text = text.substring(0, term + 1 + MAX_QUOTED_TERM) + "..." + text.substring(termEnd);
            }
        }
        return printable(text, MAX_REASON);
    }

    /** Client input quoted in a reason: short, printable. */
    private static String echo(String input) {
        return "'" + printable(input, MAX_ECHOED_INPUT) + "'";
    }

    /** At most {@code max} characters of {@code text}, anything but printable ASCII shown as {@code ?}. */
    private static String printable(String text, int max) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && i < max; i++) {
            char c = text.charAt(i);
            shown.append(c >= 32 && c < 127 ? c : '?');
        }
        if (text.length() > max) {
            shown.append("...");
        }
        return shown.toString();
    }

    /**
     * The bottom of jSPF's checker stack: turns the raw result into its name, as jSPF's own last checker does, and
     * keeps the message of the exception that decided an error result, which jSPF only logs.
     */
    private static final class ResultRecorder implements SPFChecker, SPFCheckerExceptionCatcher {
        private Optional<String> failure = Optional.empty();

        @Override
        public DNSLookupContinuation checkSPF(SPFSession session) {
            if (session.getCurrentResultExpanded() == null) {
                String result = session.getCurrentResult() != null ? session.getCurrentResult() : "";
                session.setCurrentResultExpanded(SPF1Utils.resultToName(result));
            }
            return null;
        }

        @Override
        public void onException(Exception exception, SPFSession session) {
            if (exception instanceof SPFResultException) {
                session.setCurrentResultExpanded(((SPFResultException) exception).getResult());
            } else {
                // A fault inside jSPF says nothing about the sender: no assertion, as jSPF itself decides.
                LOGGER.warn("SPF evaluation failed", exception);
                session.setCurrentResultExpanded(SPFErrorConstants.NEUTRAL_CONV);
            }
            failure = Optional.ofNullable(exception.getMessage()).filter(message -> !message.isEmpty())
                .map(SpfCheck::readable);
        }

        Optional<String> failure() {
            return failure;
        }
    }

    /**
     * The DNS service of the check running on this thread: jSPF's shared objects ask it, it passes the question to
     * that check's {@link BoundedDnsService} (a check runs on one thread: the executor is synchronous).
     */
    private static final class CurrentCheckDns implements DNSService {
        private final ThreadLocal<BoundedDnsService> current = new ThreadLocal<>();

        void begin(BoundedDnsService dns) {
            current.set(dns);
        }

        void end() {
            current.remove();
        }

        private BoundedDnsService current() {
            BoundedDnsService dns = current.get();
            if (dns == null) {
                throw new IllegalStateException("no SPF check runs on this thread");
            }
            return dns;
        }

        @Override
        public List<String> getRecords(DNSRequest request) throws TimeoutException {
            return current().getRecords(request);
        }

        @Override
        public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
            return current().getRecordsAsync(request);
        }

        @Override
        public List<String> getLocalDomainNames() {
            return current().getLocalDomainNames();
        }

        @Override
        public void setTimeOut(int timeOut) {
            current().setTimeOut(timeOut);
        }

        @Override
        public int getRecordLimit() {
            return current().getRecordLimit();
        }

        @Override
        public void setRecordLimit(int recordLimit) {
            current().setRecordLimit(recordLimit);
        }
    }
}
