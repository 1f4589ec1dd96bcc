package org.yibao.terminal.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.policy.PolicyReason;

/** The errors found in one policy file, each with its key path and why; refused as a whole. */
final class Problems {

    /** One error: the reason, the key path (e.g. {@code rules[1].segments[0].ratio}) and why. */
    record Problem(PolicyReason reason, String path, String why) {
        String describe() {
            return (path.isEmpty() ? "(根)" : path) + "：" + why;
        }
    }

    private final List<Problem> list = new ArrayList<>();

    void add(PolicyReason reason, String path, String why) {
        list.add(new Problem(reason, path, why));
    }

    int size() {
        return list.size();
    }

    List<Problem> all() {
        return List.copyOf(list);
    }

    /** The refusal for the whole file: the first error's code, every error in the detail. */
    RefusedException toException(String source) {
        String detail = list.stream().map(Problem::describe).collect(Collectors.joining("；"));
        return new RefusedException(list.getFirst().reason(), source + "：" + detail);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }
}
