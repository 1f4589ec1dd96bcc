package org.yibao.outbox;

import java.util.Objects;

/**
 * The class of a message, chosen by the caller, which drives admission: a class that is
 * {@code heldByBacklog} is refused once the lane's soft limits (count, bytes, age of the oldest
 * unacknowledged message) are passed; any other class is refused only at the lane's hard limit.
 * The terminal, for instance, defines FUND (held) and SELF_PAY (not held) in the messages lane
 * and CONTROL in the control lane. The name is stored with the message.
 *
 * @param name short ASCII name, 1-32 characters of [A-Za-z0-9_.-]
 * @param lane the lane the message travels in
 * @param heldByBacklog whether the soft backlog limits refuse this class
 */
public record MessageClass(String name, Lane lane, boolean heldByBacklog) {

    public MessageClass {
        Objects.requireNonNull(lane, "lane");
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("message class name must be 1-32 of [A-Za-z0-9_.-]: " + name);
        }
    }
}
