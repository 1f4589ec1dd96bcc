package org.yibao.drivers.card.pcsc;

import java.security.NoSuchAlgorithmException;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import jnasmartcardio.Smartcardio;

/** The javax.smartcardio providers the adapter can run on, and context release. */
public final class PcscProviders {
    private PcscProviders() {
    }

    /** jnasmartcardio: a fresh PC/SC context per {@code terminals()} call; survives pcscd restarts. */
    public static TerminalFactory jnaSmartcardio() {
        try {
            return TerminalFactory.getInstance("PC/SC", null, new Smartcardio());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("jnasmartcardio provider missing from the class path", e);
        }
    }

    /**
     * The JDK's own provider. Never {@code TerminalFactory.getDefault()}: that silently
     * becomes type "None" if pcscd was down when it first loaded.
     */
    public static TerminalFactory jdk() {
        try {
            return TerminalFactory.getInstance("PC/SC", null);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("PC/SC service not reachable by the JDK provider", e);
        }
    }

    /** Releases a jnasmartcardio context; the JDK's contexts are static and need nothing. */
    static void release(CardTerminals terminals) {
        if (terminals instanceof Smartcardio.JnaCardTerminals jna) {
            try {
                jna.close();
            } catch (Exception ignored) {
                // the service is gone already: nothing left to release
            }
        }
    }
}
