/**
 * A systematic Reed–Solomon forward-error-correction codec for the Lightway-J inside-packet SPI.
 */
module org.lightwayj.codec.fec {
    requires transitive org.lightwayj.codec.api;
    requires org.slf4j;

    exports org.lightwayj.codec.fec;

    provides org.lightwayj.codec.PacketCodecFactory with org.lightwayj.codec.fec.FecCodecFactory;
}
