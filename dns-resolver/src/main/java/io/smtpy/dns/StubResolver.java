package io.smtpy.dns;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import io.smtpy.core.dns.DnsLookupException;

/**
 * Asks one configured resolver, uncached, the way a stub resolver does: when no answer has come after a short
 * wait, the question is sent again, with a new query id from a fresh socket, and every query sent stays open, so
 * the first answer to any of them is the answer.
 *
 * <p>Resends: {@link #FIRST_RESEND} after the first query, then after waits twice as long as the one before (with
 * the default 250 ms: at 0.25 s, 0.75 s, 1.75 s, 3.75 s...), as long as they fall within the timeout; the last
 * query then waits for the rest of it. A resolver that drops a share of UDP queries under load (the stall this
 * was written for: one dropped query cost a whole {@code dns.timeoutMillis}) costs a quarter of a second instead.
 * A query that fails at once (a closed port, an unparsable answer) does not bring the next one forward, so a dead
 * resolver is not flooded; when every query has failed and no resend is left, the error is reported before the
 * timeout. Resending to a resolver still working on the first query is harmless: it answers each of them.
 *
 * <p>The answer's rcode decides: NOERROR and NXDOMAIN are a {@link DnsAnswer}; any other rcode (SERVFAIL,
 * REFUSED...), no answer within the timeout and an interrupted wait are {@link DnsLookupException}. Truncated UDP
 * answers are asked again over TCP by dnsjava's {@code SimpleResolver}, within the query that got them.
 */
public final class StubResolver implements AnswerSource {
    /** The first resend; each later one waits twice as long as the one before. */
    public static final Duration FIRST_RESEND = Duration.ofMillis(250);

    private final InetSocketAddress address;

    /** @param address the recursive resolver (or local DNS server) to ask, e.g. {@code 127.0.0.1:53} */
    public StubResolver(InetSocketAddress address) {
        this.address = Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("resolver address " + address + " could not be resolved");
        }
    }

    /** A resolver by host (name or IP literal) and port. */
    public static StubResolver of(String host, int port) {
        return new StubResolver(new InetSocketAddress(host, port));
    }

    public InetSocketAddress address() {
        return address;
    }

    @Override
    public DnsAnswer query(Name name, int type, Duration timeout) throws DnsLookupException {
        Message response;
        try {
            response = exchange(name, type, timeout);
        } catch (IOException e) {
            throw new DnsLookupException(Type.string(type) + " " + name + ": no answer from " + this + " ("
                + e.getMessage() + ")", e);
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DnsLookupException(Type.string(type) + " " + name + ": " + Rcode.string(rcode) + " from " + this);
        }
        return DnsAnswer.of(response, type);
    }

    /** The first response to any of the queries sent for this question within {@code timeout}. */
    private Message exchange(Name name, int type, Duration timeout) throws IOException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new SocketTimeoutException("no time left to ask");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted before asking");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Attempts attempts = new Attempts();
        long wait = FIRST_RESEND.toNanos();
        while (true) {
            long now = System.nanoTime();
            if (deadline - now <= 0) {
                throw attempts.failure(timeout);
            }
            attempts.send(name, type, Duration.ofNanos(deadline - now));
            long nextResend = now + wait;
            wait *= 2;
            boolean last = deadline - nextResend <= 0;
            Message answer = attempts.await(last ? deadline : nextResend, last);
            if (answer != null) {
                return answer;
            }
            if (last) {
                throw attempts.failure(timeout);
            }
        }
    }

    @Override
    public String toString() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The queries sent for one question, and the first answer to any of them. */
    private final class Attempts {
        private Message answer;
        private Throwable lastError;
        private int sent;
        private int pending;

        /** Each query lives until the common deadline: a late answer to an early query still counts. */
        void send(Name name, int type, Duration untilDeadline) {
            SimpleResolver resolver = new SimpleResolver(address);
            resolver.setTimeout(untilDeadline);
            // A new Message per attempt: a new query id; SimpleResolver opens a new socket for each query.
            Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
            synchronized (this) {
                sent++;
                pending++;
            }
            try {
                resolver.sendAsync(query).whenComplete(this::ended);
            } catch (RuntimeException e) {
                ended(null, e);
            }
        }

        private synchronized void ended(Message response, Throwable error) {
            pending--;
            if (response != null) {
                if (answer == null) {
                    answer = response;
                }
            } else {
                lastError = error;
            }
            notifyAll();
        }

        /**
         * Waits until an answer came or {@code until}; when {@code last}, also stops when every query has failed.
         *
         * @return the answer, or null
         */
        synchronized Message await(long until, boolean last) throws InterruptedIOException {
            while (answer == null) {
                if (last && pending == 0) {
                    return null;
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for an answer");
                }
            }
            return answer;
        }

        synchronized IOException failure(Duration timeout) {
            if (pending > 0 || lastError == null) {
                return new SocketTimeoutException("none of " + sent + " queries answered within " + timeout.toMillis() + " ms");
            }
            Throwable cause = lastError;
            while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException) {
                return (IOException) cause;
            }
            return new IOException(cause.toString(), cause);
        }
    }
}
