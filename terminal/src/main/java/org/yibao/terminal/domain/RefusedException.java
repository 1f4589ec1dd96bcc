package org.yibao.terminal.domain;

/**
 * Carries a {@link Refusal} out of code that reads files or input (a policy file with an
 * error, a malformed TSV line). Business outcomes inside the domain are returned, not thrown.
 */
public final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Refusal refusal;

    public RefusedException(ReasonCode reason, String detail) {
        this(new Refusal(reason, detail), null);
    }

    public RefusedException(Refusal refusal, Throwable cause) {
        super(refusal.reason().code() + " " + refusal.errMsg(), cause);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
