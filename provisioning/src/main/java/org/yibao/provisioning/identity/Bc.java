package org.yibao.provisioning.identity;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The Bouncy Castle provider, registered once (SM2/SM3 and PEM/PKCS#10 need it). */
public final class Bc {
    private static final Provider PROVIDER = init();

    private Bc() {
    }

    private static Provider init() {
        Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (existing != null) return existing;
        Provider bc = new BouncyCastleProvider();
        Security.addProvider(bc);
        return bc;
    }

    /** The provider instance. */
    public static Provider provider() {
        return PROVIDER;
    }
}
