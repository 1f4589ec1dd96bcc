package org.yibao.terminal.cli;

import java.nio.file.Path;
import org.yibao.provisioning.selftest.Check;
import org.yibao.provisioning.selftest.CheckResult;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PoolingArea;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * The self-test's {@code policy} line: the run file's policy as {@code run} takes it at start,
 * loaded and checked against the terminal's area. A missing file (1201), one that is not a
 * policy (1202 and the other 12xx) or one for another 统筹区 (1219) fails it: the service would
 * not start, and the rest of the self-test could pass.
 */
record PolicyFileCheck(Path file, String deviceAdmdvs) implements Check {
    @Override public String name() {
        return "policy";
    }

    @Override public CheckResult run() {
        try {
            Policy policy = PolicyLoader.load(file);
            PoolingArea.require(policy, deviceAdmdvs, String.valueOf(file.getFileName()));
            return pass("政策 " + policy.version() + "（" + file.getFileName() + "，统筹区 " + policy.admdvs() + "，" + policy.effective() + " 起）");
        } catch (RefusedException e) {
            return fail(e.refusal().reason().code() + " " + e.refusal().errMsg());
        }
    }
}
