/**
 * The sans-IO Lightway protocol core: wire framing, fragmentation, TLS engines and the connection
 * state machine. The host owns sockets, TUN devices, threads and clocks.
 */
module org.lightwayj.core {
    requires transitive org.lightwayj.codec.api;
    requires transitive io.netty.buffer;
    requires io.netty.common;
    requires org.slf4j;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.tls;
    requires org.bouncycastle.pkix;

    exports org.lightwayj.core.tls;
    exports org.lightwayj.core.frag;
    exports org.lightwayj.core.wire;
    exports org.lightwayj.core.pmtud;
    exports org.lightwayj.core.plugin;
    exports org.lightwayj.core.ip;
    exports org.lightwayj.core.connection;

}
