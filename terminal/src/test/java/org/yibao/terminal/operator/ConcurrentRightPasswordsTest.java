package org.yibao.terminal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER_PASSWORD;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * README "Operators": only "the 5th wrong password in a row" locks, and "a right password resets
 * the count". Six right passwords of one cashier at once all sign in: before, the attempts still
 * deriving counted as failures, and the sixth was refused 1602 (found by the reversal review of
 * 2026-12-06, whose six threads signed one cashier in).
 */
class ConcurrentRightPasswordsTest {
    @TempDir Path dir;

    @Test
    void sixRightPasswordsAtOnceAllSignIn() throws Exception {
        SqliteDatabase database = OperatorFixtures.database(dir);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            Operators operators = OperatorFixtures.open(database, new HandClock(OperatorFixtures.START));
            OperatorFixtures.seed(operators);
            SignInSessions sessions = new SignInSessions(operators, Duration.ofHours(8));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    OperatorOutcome<SignIn> outcome = sessions.signIn(CASHIER, CASHIER_PASSWORD.toCharArray(), "", "127.0.0.1", (c, s) -> s);
                    return outcome instanceof OperatorOutcome.Refused<SignIn> r ? r.refusal().reason().code() : "0";
                }));
            }
            go.countDown();
            Map<String, Integer> codes = new TreeMap<>();
            for (Future<String> answer : answers) codes.merge(answer.get(2, TimeUnit.MINUTES), 1, Integer::sum);
            assertEquals(Map.of("0", 6), codes, "six sign-ins of C001, all with the right password");
            assertEquals(0, operators.find(CASHIER).orElseThrow().failedAttempts());
            assertEquals(Optional.empty(), operators.find(CASHIER).orElseThrow().lockedUntil());
        } finally {
            pool.shutdownNow();
            database.close();
        }
    }
}
