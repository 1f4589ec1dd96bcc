package org.yibao.terminal.provision;

import java.util.Optional;
import org.yibao.provisioning.bundle.BundleChecks;
import org.yibao.provisioning.bundle.FirstAdmin;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.operator.NewOperator;
import org.yibao.terminal.operator.PasswordRules;
import org.yibao.terminal.operator.Role;

/**
 * The terminal's own checks of a bundle, run before anything is written: the voucher trust file
 * is read by the same reader the voucher verifier uses, and the first admin must pass the
 * operator rules (number, name, password strength) the operator store will apply. Each answer is
 * the reader's Chinese message and detail (the bundle refusal 1926/1927 carries the code); any
 * other exception from the reader is a bug and is not dressed up as a refusal.
 */
public final class TerminalBundleChecks implements BundleChecks {

    @Override public Optional<String> trustFile(byte[] trustJson) {
        try {
            TrustFileReader.parse(trustJson);
            return Optional.empty();
        } catch (RefusedException e) {
            return Optional.of(e.refusal().errMsg());
        }
    }

    @Override public Optional<String> firstAdmin(FirstAdmin admin) {
        return new NewOperator(admin.opterNo(), admin.name(), Role.ADMIN, true).problem()
                .or(() -> PasswordRules.check(admin.opterNo(), admin.oneTimePassword()))
                .map(Refusal::errMsg);
    }
}
