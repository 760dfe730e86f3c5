package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.Version;

/** Builders validate at {@code build()} and name the bad field. */
class ContextBuilderTest {

    static ClientContext.Builder client() {
        return ClientContext.builder().tlsEngineFactory(PlainTestEngine.factory(true));
    }

    static Stream<Arguments> badClientSettings() {
        return Stream.of(
                bad("tlsEngineFactory", b -> b.tlsEngineFactory(null)),
                bad("minimumVersion", b -> b.minimumVersion(Version.V1_3).maximumVersion(Version.V1_2)),
                bad("maximumVersion", b -> b.maximumVersion(null)),
                bad("outsideMtu", b -> b.outsideMtu(67)),
                bad("outsideMtu", b -> b.outsideMtu(1501)),
                bad("insideMtu", b -> b.insideMtu(1249)),
                bad("insideMtu", b -> b.insideMtu(1501)),
                bad("fragmentMapEntries", b -> b.fragmentMapEntries(0)),
                bad("fragmentMapEntries", b -> b.fragmentMapEntries(65537)),
                bad("fragmentMaxAge", b -> b.fragmentMaxAge(Duration.ZERO)),
                bad("fragmentMapMaxBytes", b -> b.fragmentMapMaxBytes(0)),
                bad("metrics", b -> b.metrics(null)),
                bad("handshakeTimeout", b -> b.handshakeTimeout(Duration.ofSeconds(-1))),
                bad("keepaliveInterval", b -> b.keepaliveInterval(Duration.ofSeconds(-1))),
                bad("keepaliveTimeout", b -> b.keepaliveInterval(Duration.ofSeconds(10))
                        .keepaliveTimeout(Duration.ofSeconds(5))),
                bad("allocator", b -> b.allocator(null)),
                bad("authResendInterval", b -> b.authResendInterval(Duration.ZERO)));
    }

    static Arguments bad(String field, Consumer<ClientContext.Builder> change) {
        return Arguments.of(field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badClientSettings")
    void clientBuildNamesTheBadField(String field, Consumer<ClientContext.Builder> change) {
        ClientContext.Builder b = client();
        change.accept(b);
        RuntimeException e = assertThrows(RuntimeException.class, b::build);
        assertTrue(e instanceof IllegalArgumentException || e instanceof NullPointerException, e.toString());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void serverNeedsAuthAndPool() {
        ServerContext.Builder b = ServerContext.builder().tlsEngineFactory(PlainTestEngine.factory(false));
        assertTrue(assertThrows(NullPointerException.class, b::build).getMessage().contains("auth"));
        b.auth((c, m) -> AuthResult.granted());
        assertTrue(assertThrows(NullPointerException.class, b::build).getMessage().contains("ipPool"));
        b.ipPool(new TestIpPool());
        b.build();
    }

    @Test
    void defaultsFollowTheSpec() throws Exception {
        ClientContext c = client().build();
        assertEquals(1350, c.insideMtu());
        assertEquals(1500, c.outsideMtu());
        Connection conn = c.newConnection(Transport.UDP, new AuthMethod.Token("t"))
                .outsideSender((x, d) -> {
                    d.release();
                    return true;
                })
                .insideSender((x, p) -> p.release())
                .connect(0);
        // §0.1: a UDP client puts 1.2 in its header by default.
        assertEquals(Version.V1_2, conn.version());
        assertEquals(ConnectionState.CONNECTING, conn.state());
        conn.close();
    }

    @Test
    void connectionBuilderNamesMissingCallbacks() {
        ClientConnectionBuilder b = client().build().newConnection(Transport.TCP, new AuthMethod.Token("t"));
        assertTrue(assertThrows(NullPointerException.class, () -> b.connect(0)).getMessage().contains("outsideSender"));
        b.outsideSender((x, d) -> true);
        assertTrue(assertThrows(NullPointerException.class, () -> b.connect(0)).getMessage().contains("insideSender"));
    }

    @Test
    void insideIpConfigValidatesAddresses() {
        new InsideIpConfig("10.0.0.1", "10.0.0.2", "1.1.1.1", 1350);
        assertThrows(IllegalArgumentException.class, () -> new InsideIpConfig("10.0.0", "10.0.0.2", "1.1.1.1", 1350));
        assertThrows(IllegalArgumentException.class, () -> new InsideIpConfig("10.0.0.256", "1.1.1.1", "1.1.1.1", 1350));
        assertThrows(IllegalArgumentException.class, () -> new InsideIpConfig("a.b.c.d", "1.1.1.1", "1.1.1.1", 1350));
        assertThrows(IllegalArgumentException.class, () -> new InsideIpConfig("1.1.1.1", "1.1.1.1", "1.1.1.1", 10));
    }
}
