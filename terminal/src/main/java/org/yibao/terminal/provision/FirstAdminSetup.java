package org.yibao.terminal.provision;

import java.sql.SQLException;
import java.util.Optional;
import org.yibao.provisioning.bundle.FirstAdmin;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.operator.NewOperator;
import org.yibao.terminal.operator.Operator;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.Operators;
import org.yibao.terminal.operator.Role;

/**
 * Creates a bundle's first admin in the operator store, bound to change the one-time password
 * at first sign-in. Idempotent: when the operator already exists, or the terminal already has
 * other operators (a re-provisioned device keeps its people), nothing is changed.
 */
public final class FirstAdminSetup {
    /** What happened to the first admin. */
    public enum Result {
        /** Created now, must change the one-time password. */
        CREATED,
        /** An operator with this number already exists; left as it is. */
        ALREADY_PRESENT,
        /** The terminal already has other operators; the bundle's admin is not added. */
        OPERATORS_EXIST
    }

    private final Operators operators;

    public FirstAdminSetup(Operators operators) {
        this.operators = operators;
    }

    /** Ensures {@code admin} exists; a refusal from the operator rules is returned as such. */
    public OperatorOutcome<Result> ensure(FirstAdmin admin) throws SQLException {
        Optional<Operator> existing = operators.find(admin.opterNo());
        if (existing.isPresent()) return new OperatorOutcome.Done<>(Result.ALREADY_PRESENT);
        if (!operators.isEmpty()) return new OperatorOutcome.Done<>(Result.OPERATORS_EXIST);
        return switch (operators.addFirstAdmin(new NewOperator(admin.opterNo(), admin.name(), Role.ADMIN, true),
                admin.oneTimePassword())) {
            case OperatorOutcome.Done<Operator> done -> new OperatorOutcome.Done<>(Result.CREATED);
            case OperatorOutcome.Refused<Operator>(Refusal refusal) -> new OperatorOutcome.Refused<>(refusal);
        };
    }
}
