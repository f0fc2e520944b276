package io.smtpy.bench.resolution;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.directory.Resolution;
import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.model.LocalPartPattern;
import io.smtpy.core.model.RegexAlias;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;

/**
 * What one RCPT costs smtpy: {@link AliasResolver#resolve(MailAddress)} on a domain with 1k, 100k or 1M aliases,
 * built through {@link AliasDirectory} over the memory repositories exactly as the server builds its index.
 *
 * <p>Three kinds of recipient, each a fresh {@code MailAddress} drawn at random over the whole alias space (so
 * that a large index is really walked, not one hot entry):
 * <ul>
 *   <li>{@code exact}: an existing alias;</li>
 *   <li>{@code regex}: no alias, taken by the last of three regex aliases;</li>
 *   <li>{@code catchAll}: no alias, no regex alias, past a catch-all exception that does not match, to the catch-all.</li>
 * </ul>
 * The domain has the same regex aliases and catch-all whatever its number of aliases: only the index grows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AliasResolutionBenchmark {
    static final String DOMAIN = "bench.example";
    private static final int RECIPIENTS = 1 << 16;
    private static final int MASK = RECIPIENTS - 1;
    private static final int BATCH = 10_000;

    @Param({"1000", "100000", "1000000"})
    public int aliases;

    private AliasResolver resolver;
    private MailAddress[] exact;
    private MailAddress[] regex;
    private MailAddress[] catchAll;
    private int next;

    @Setup(Level.Trial)
    public void fillTheDirectory() throws AddressException {
        AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(),
            Clock.systemUTC(), Limits.DEFAULT);
        DomainName domain = DomainName.of(DOMAIN);
        directory.createDomain(domain, settings -> settings);
        List<Alias> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < aliases; i++) {
            // The directory stamps the times again when it saves.
            batch.add(Alias.builder(AliasAddress.of(domain, LocalPart.of("user" + i)))
                .destinations(List.of(Destination.of("user" + i + "@dest.example")))
                .createdAt(Instant.EPOCH)
                .updatedAt(Instant.EPOCH)
                .build());
            if (batch.size() == BATCH || i == aliases - 1) {
                directory.saveAliases(domain, batch);
                batch = new ArrayList<>(BATCH);
            }
        }
        directory.setRegexAliases(domain, List.of(
            RegexAlias.of("^(sales|billing)-(.+)$", List.of("$1@team.example"), 10, "", Limits.DEFAULT),
            RegexAlias.of("^ops-[0-9]+$", List.of("ops@team.example"), 20, "", Limits.DEFAULT),
            RegexAlias.of("^(support|help)-(.+)$", List.of("$2@team.example"), 30, "", Limits.DEFAULT)));
        directory.setCatchAll(domain, Optional.of(new CatchAll(List.of(Destination.of("inbox@dest.example")),
            List.of(new CatchAll.ExceptionRule(LocalPartPattern.of("noreply-*"), ExceptionAction.DROP)))));
        resolver = new AliasResolver(directory);

        Random random = new Random(42);
        exact = new MailAddress[RECIPIENTS];
        regex = new MailAddress[RECIPIENTS];
        catchAll = new MailAddress[RECIPIENTS];
        for (int i = 0; i < RECIPIENTS; i++) {
            exact[i] = new MailAddress("user" + random.nextInt(aliases) + "@" + DOMAIN);
            regex[i] = new MailAddress("support-" + random.nextInt(aliases) + "@" + DOMAIN);
            catchAll[i] = new MailAddress("nobody" + random.nextInt(aliases) + "@" + DOMAIN);
        }
        check(exact[0], Resolution.Outcome.EXACT);
        check(regex[0], Resolution.Outcome.REGEX);
        check(catchAll[0], Resolution.Outcome.CATCH_ALL);
    }

    @Benchmark
    public Resolution exact() {
        return resolver.resolve(exact[next++ & MASK]);
    }

    @Benchmark
    public Resolution regex() {
        return resolver.resolve(regex[next++ & MASK]);
    }

    @Benchmark
    public Resolution catchAll() {
        return resolver.resolve(catchAll[next++ & MASK]);
    }

    private void check(MailAddress recipient, Resolution.Outcome expected) {
        Resolution.Outcome outcome = resolver.resolve(recipient).outcome();
        if (outcome != expected) {
            throw new IllegalStateException(recipient + " resolved to " + outcome + ", expected " + expected);
        }
    }
}
