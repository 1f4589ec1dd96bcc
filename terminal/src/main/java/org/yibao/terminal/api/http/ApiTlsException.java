package org.yibao.terminal.api.http;

/** The API's certificate or key cannot be used; {@link #field()} names which of the two files, the message what is wrong. */
public final class ApiTlsException extends Exception {
    /** The certificate chain's file. */
    public static final String CERT = "cert";
    /** The private key's file. */
    public static final String KEY = "key";

    private final String field;

    public ApiTlsException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** {@link #CERT} or {@link #KEY}. */
    public String field() {
        return field;
    }
}
