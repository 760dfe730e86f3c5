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

    // What hosts use: the protocol vocabulary, connections and their configuration, TLS configuration
    // and plugins. wire, frag, pmtud and ip are the machinery behind them and stay internal.
    exports org.lightwayj.core;
    exports org.lightwayj.core.connection;
    exports org.lightwayj.core.tls;
    exports org.lightwayj.core.plugin;

}
