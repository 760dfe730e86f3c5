/**
 * A small Linux TUN adapter for hosts that embed Lightway-J: open a TUN device, read and write whole
 * IP packets. The protocol core stays pure Java; this module is where the native calls (through JNA)
 * live. See {@link org.lightwayj.tun.TunDevice}.
 */
module org.lightwayj.tun {
    requires com.sun.jna;
    requires transitive io.netty.buffer; // read and write take ByteBufs
    requires org.slf4j;

    exports org.lightwayj.tun;
}
