package org.lightwayj.core.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Server-certificate validation for the client: a full PKIX chain check against the configured trust
 * anchors (JDK {@code CertPathValidator}, revocation off) at the date read from the configured clock
 * (the package's only wall-clock read), then the optional server-name check.
 */
final class CertificateChecker {
    private CertificateChecker() {
    }

    /** Returns {@code null} when the chain is acceptable, otherwise the typed failure. */
    static TlsException check(List<X509Certificate> chain, List<X509Certificate> anchors, String serverName,
            Clock clock) {
        if (chain.isEmpty()) {
            return new TlsException(TlsException.Reason.CERTIFICATE_UNTRUSTED, "server sent no certificate");
        }
        Date now = Date.from(clock.instant());
        List<X509Certificate> path = new ArrayList<>(chain);
        // The server may append the root itself; PKIX wants the path without its anchor.
        while (path.size() > 1 && anchors.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        try {
            if (path.size() == 1 && anchors.contains(path.get(0))) {
                path.get(0).checkValidity(now); // a directly pinned leaf
            } else {
                Set<TrustAnchor> tas = new HashSet<>();
                for (X509Certificate a : anchors) {
                    tas.add(new TrustAnchor(a, null));
                }
                PKIXParameters params = new PKIXParameters(tas);
                params.setRevocationEnabled(false);
                params.setDate(now);
                CertPathValidator.getInstance("PKIX")
                        .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            }
        } catch (java.security.cert.CertificateExpiredException | java.security.cert.CertificateNotYetValidException e) {
            return new TlsException(TlsException.Reason.CERTIFICATE_EXPIRED, e.getMessage(), e);
        } catch (CertPathValidatorException e) {
            CertPathValidatorException.Reason r = e.getReason();
            if (r == CertPathValidatorException.BasicReason.EXPIRED
                    || r == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return new TlsException(TlsException.Reason.CERTIFICATE_EXPIRED, e.getMessage(), e);
            }
            return new TlsException(TlsException.Reason.CERTIFICATE_UNTRUSTED, e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            return new TlsException(TlsException.Reason.CERTIFICATE_UNTRUSTED, e.getMessage(), e);
        }
        if (serverName != null && !nameMatches(chain.get(0), serverName)) {
            return new TlsException(TlsException.Reason.DOMAIN_NAME_MISMATCH,
                    "certificate does not match server name '" + serverName + "'");
        }
        return null;
    }

    static boolean nameMatches(X509Certificate leaf, String name) {
        String host = normalise(name);
        boolean ip = isIpLiteral(host);
        boolean sawDns = false;
        Collection<List<?>> sans;
        try {
            sans = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (sans != null) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                Object value = san.get(1);
                if (type == 2 && value instanceof String) {
                    sawDns = true;
                    if (!ip && dnsMatches(normalise((String) value), host)) {
                        return true;
                    }
                } else if (type == 7 && value instanceof String && ip) {
                    if (sameAddress((String) value, host)) {
                        return true;
                    }
                }
            }
        }
        if (!sawDns && !ip) {
            // Legacy fallback: the subject CN, only when the certificate has no DNS SAN at all.
            try {
                X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
                for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
                    if (dnsMatches(normalise(IETFUtils.valueToString(rdn.getFirst().getValue())), host)) {
                        return true;
                    }
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    private static String normalise(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    static boolean isIpLiteral(String s) {
        return s.indexOf(':') >= 0 || s.matches("[0-9.]+");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // Both are literals (checked by isIpLiteral / SAN type 7): no DNS lookup happens.
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean dnsMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1)) && pattern.indexOf('.', 2) > 0;
        }
        return pattern.equals(host);
    }
}
