/**
 * The Lightway-J example: a client and a server over real UDP/TCP sockets with loss injection, an FEC
 * toggle and live statistics. Run {@code org.lightwayj.examples.Main}.
 */
module org.lightwayj.examples {
    requires org.lightwayj.core;
    requires org.lightwayj.codec.fec;
    requires org.lightwayj.tun;
    requires io.netty.buffer;
    requires io.netty.common;

    exports org.lightwayj.examples;
}
