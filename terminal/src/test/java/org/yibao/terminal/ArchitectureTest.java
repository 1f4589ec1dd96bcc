package org.yibao.terminal;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yibao.terminal.app.AppVersion;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.cli.CliRefusal;

/**
 * The layering of DESIGN.md ("Modules" and the paragraph after it) and the money rule of
 * STYLE.md, checked on terminal's compiled classes: the domain is pure, voucher verification
 * reads no clock and does no storage or device I/O, the API and the CLI issue no SQL and reach
 * storage only where the layering says they may, and packages form no cycles beyond the three
 * known ones named in {@link #packagesFormNoCycles}.
 */
@AnalyzeClasses(packages = "org.yibao.terminal", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String DOMAIN = "org.yibao.terminal.domain..";
    private static final String VOUCHER = "org.yibao.terminal.identity.voucher";
    private static final String[] API = {"org.yibao.terminal.api.."};
    private static final String[] CLI = {"org.yibao.terminal.cli..", "org.yibao.terminal.receipt.cli.."};

    /**
     * Catalogue, policy, settlement arithmetic and accumulators use the JDK's values and
     * collections and nothing else: no SQL, JSON, devices, queue, files, network, HTTP or
     * logging.
     */
    @ArchTest
    static final ArchRule domainDependsOnlyOnJdkValuesAndItself = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat(resideInAnyPackage(DOMAIN,
                    "java.lang", "java.lang.invoke", "java.lang.runtime", "java.util", "java.util.function",
                    "java.util.stream", "java.math", "java.time", "java.time.temporal", "java.time.format"))
            .because("DESIGN.md: the domain is pure - no SQL, no JSON, no devices, no I/O");

    /** "No clock it did not receive": the domain is given a Clock or the instant, never asks the system. */
    @ArchTest
    static final ArchRule domainReadsNoClock = noClasses()
            .that().resideInAPackage(DOMAIN)
            .should().callMethodWhere(readsTheSystemClock())
            .because("DESIGN.md: the domain reads no clock it did not receive");

    /**
     * Voucher verification (the verifier, its rules and the reference issuer; not the SQLite
     * replay store in {@code .sqlite}) parses the voucher's JSON and writes the audit log, as the
     * spec asks, but touches no database, device, queue, file or network and reads no clock.
     */
    @ArchTest
    static final ArchRule voucherVerificationDoesNoStorageOrDeviceIo = classes()
            .that().resideInAPackage(VOUCHER)
            .should().onlyDependOnClassesThat(resideInAnyPackage(VOUCHER, DOMAIN,
                    "org.yibao.terminal.identity.trust", "org.yibao.terminal.privacy", "org.yibao.terminal.text",
                    "java.lang", "java.lang.invoke", "java.lang.runtime", "java.util", "java.util.function",
                    "java.util.stream", "java.math", "java.time", "java.nio.charset", "java.security",
                    "com.fasterxml.jackson..", "org.bouncycastle..", "org.slf4j")
                    .or(type(IOException.class)).or(type(UncheckedIOException.class)))
            .because("DESIGN.md: voucher verification is domain - no SQL, no devices, no file or network I/O");

    @ArchTest
    static final ArchRule voucherVerificationReadsNoClock = noClasses()
            .that().resideInAPackage(VOUCHER + "..")
            .should().callMethodWhere(readsTheSystemClock())
            .because("the verifier is given now; a replay store is given now too");

    /** STYLE.md: money is fen in a long, never a double. */
    @ArchTest
    static final ArchRule domainUsesNoFloatingPoint = classes()
            .that().resideInAPackage(DOMAIN)
            .should(useNoFloatingPoint())
            .because("STYLE.md: money is a count of fen in a long, never a double");

    /**
     * The exact decimals of the domain are the spec's ratios, unit prices and counts
     * ({@code selfpay_prop}, {@code pric}, {@code cnt}, {@code pric_uplmt_amt}); every amount is
     * fen in a long. ({@code Fen.toYuan}/{@code ofYuanExact} convert at the edges; they hold no field.)
     */
    @ArchTest
    static final ArchRule domainDecimalsAreRatiosPricesOrCounts = classes()
            .that().resideInAPackage(DOMAIN)
            .should(holdBigDecimalsOnlyIn(Pattern.compile("(?i).*(prop|ratio|pric|cnt).*")))
            .because("STYLE.md: money is fen in a long; BigDecimal is for the spec's ratios, unit prices and counts");

    /**
     * The API and the CLI issue no SQL and know nothing of SQLite: they may pass a
     * {@link Connection} (a handler's transaction) and let a {@link SQLException} through, but
     * statements, result sets and SQLite's error codes belong to the stores.
     */
    @ArchTest
    static final ArchRule apiAndCliIssueNoSql = noClasses()
            .that().resideInAnyPackage(concat(API, CLI))
            .should().dependOnClassesThat(resideInAPackage("java.sql")
                    .and(not(type(Connection.class))).and(not(type(SQLException.class)))
                    .or(resideInAPackage("org.sqlite..")))
            .because("DESIGN.md: the API and CLI only translate; flows and stores do the storage");

    /**
     * Of the classes that run SQL, the API touches only the record of its own answers (msgid
     * idempotency is part of the API envelope) and the database whose shared commit a handler's
     * answer joins; settlements, persons and receipts are stored by the flows.
     */
    @ArchTest
    static final ArchRule apiStoresOnlyItsRecordedAnswers = noClasses()
            .that().resideInAnyPackage(API)
            .should().dependOnClassesThat(issueSql()
                    .and(not(resideInAnyPackage("org.yibao.terminal.store.idempotency", "org.yibao.outbox.db"))))
            .because("DESIGN.md: the API only translates; flows compose the domain with storage");

    /**
     * The CLI is mostly a technician's administration tool, and its administrative commands
     * use their stores directly (there is no flow to go through): the catalogue and code map
     * (import, show), the outbox (list, retry), the reference centre's claims and update ledger,
     * the clock confirmations, the kept receipts (reprint), the voucher replay store (verify),
     * the provisioning module's self-test, reset and update records, and the database file
     * itself. The transaction stores - settlements, persons, recorded API answers - are the
     * flows' alone.
     */
    @ArchTest
    static final ArchRule cliStoresOnlyAdministrativeData = noClasses()
            .that().resideInAnyPackage(CLI)
            .should().dependOnClassesThat(issueSql().and(not(resideInAnyPackage(
                    "org.yibao.terminal.catalog",
                    "org.yibao.outbox", "org.yibao.outbox.centre", "org.yibao.outbox.db",
                    "org.yibao.terminal.store.clock", "org.yibao.terminal.store.receipt",
                    "org.yibao.terminal.identity.voucher.sqlite",
                    "org.yibao.provisioning.."))))
            .because("DESIGN.md: the CLI only translates; settling, identifying and answering go through the flows");

    /**
     * No package cycles, apart from three known ones, each confined to the dependencies named:
     * {@code fleet} and {@code provision} use {@code app.BeijingTime} and {@code app.AppVersion}
     * (shared helpers that live in the wiring package); the flows under {@code flow.*} use the
     * shared flow vocabulary in {@code flow} ({@code FlowReason}, {@code FlowSettings}, ...) that
     * {@code flow.TerminalFlows} wires together; and the printer commands in {@code receipt.cli}
     * (which {@code cli.TerminalCli} lists) print refusals with {@code cli.CliRefusal}.
     */
    @ArchTest
    static final ArchRule packagesFormNoCycles = slices()
            .matching("org.yibao.terminal.(**)")
            .should().beFreeOfCycles()
            .ignoreDependency(resideInAnyPackage("org.yibao.terminal.fleet", "org.yibao.terminal.provision"),
                    type(BeijingTime.class).or(type(AppVersion.class)))
            .ignoreDependency(resideInAPackage("org.yibao.terminal.flow.*"), resideInAPackage("org.yibao.terminal.flow"))
            .ignoreDependency(resideInAPackage("org.yibao.terminal.receipt.cli"), type(CliRefusal.class));

    /** Instant.now(), LocalDate.now() and the like, Clock.systemUTC(), System.currentTimeMillis(). */
    static DescribedPredicate<JavaMethodCall> readsTheSystemClock() {
        return DescribedPredicate.describe("reads the system clock", call -> {
            String owner = call.getTargetOwner().getName();
            String name = call.getName();
            boolean noArguments = call.getTarget().getRawParameterTypes().isEmpty();
            return owner.startsWith("java.time.") && name.equals("now") && noArguments
                    || owner.equals("java.time.Clock") && Set.of("systemUTC", "systemDefaultZone", "system").contains(name)
                    || owner.equals("java.time.InstantSource") && name.equals("system")
                    || owner.equals("java.lang.System") && Set.of("currentTimeMillis", "nanoTime").contains(name);
        });
    }

    /** A class that runs SQL itself: it uses statements or result sets. */
    static DescribedPredicate<JavaClass> issueSql() {
        Set<String> sql = Set.of("java.sql.Statement", "java.sql.PreparedStatement", "java.sql.CallableStatement",
                "java.sql.ResultSet");
        return DescribedPredicate.describe("run SQL (use java.sql statements or result sets)", c -> c
                .getPackageName().startsWith("org.yibao.") && c.getDirectDependenciesFromSelf().stream()
                .map(Dependency::getTargetClass)
                .anyMatch(target -> sql.contains(target.getName())));
    }

    private static final Set<String> FLOATING = Set.of("double", "float", "java.lang.Double", "java.lang.Float");

    /** No double or float in a field, a signature, or a method or constructor the class calls. */
    static ArchCondition<JavaClass> useNoFloatingPoint() {
        return new ArchCondition<>("use no double or float") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                for (JavaField f : c.getFields()) {
                    report(events, c, FLOATING.contains(f.getRawType().getName()), f.getFullName() + " is a " + f.getRawType().getName());
                }
                for (JavaCodeUnit unit : c.getCodeUnits()) {
                    report(events, c, floating(unit), unit.getFullName() + " takes or returns a floating-point number");
                    unit.getCallsFromSelf().stream()
                            .filter(call -> FLOATING.contains(call.getTarget().getRawReturnType().getName())
                                    || call.getTarget().getRawParameterTypes().stream().anyMatch(t -> FLOATING.contains(t.getName())))
                            .forEach(call -> report(events, c, true, call.getDescription()));
                }
            }
        };
    }

    private static boolean floating(JavaCodeUnit unit) {
        return FLOATING.contains(unit.getRawReturnType().getName())
                || unit.getRawParameterTypes().stream().anyMatch(t -> FLOATING.contains(t.getName()));
    }

    /** Every BigDecimal field of the class has a name matching {@code allowed}. */
    static ArchCondition<JavaClass> holdBigDecimalsOnlyIn(Pattern allowed) {
        return new ArchCondition<>("hold a BigDecimal only in a field named as a ratio, unit price or count") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                for (JavaField f : c.getFields()) {
                    boolean decimal = f.getRawType().isEquivalentTo(BigDecimal.class);
                    report(events, c, decimal && !allowed.matcher(f.getName()).matches(),
                            f.getFullName() + " is a BigDecimal but not named as a ratio, unit price or count");
                }
            }
        };
    }

    private static void report(ConditionEvents events, JavaClass c, boolean violated, String message) {
        if (violated) {
            events.add(SimpleConditionEvent.violated(c, message));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.of(a, b).flatMap(Arrays::stream).toArray(String[]::new);
    }
}
