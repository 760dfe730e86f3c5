/**
 * The inside-packet codec SPI of Lightway-J.
 *
 * <p>Codec authors implement {@link org.lightwayj.codec.PacketCodecFactory},
 * {@link org.lightwayj.codec.PacketEncoder} and {@link org.lightwayj.codec.PacketDecoder}; the
 * protocol core owns framing (EncodedData / EncodedDataFrag) and the host owns time. This module does
 * not depend on the protocol core.
 */
module org.lightwayj.codec.api {
    requires transitive io.netty.buffer;

    exports org.lightwayj.codec;

    uses org.lightwayj.codec.PacketCodecFactory;
}
