/**
 * A systematic Reed–Solomon forward-error-correction codec for the Lightway-J inside-packet SPI.
 */
module org.lightwayj.codec.fec {
    requires transitive org.lightwayj.codec.api;
    requires org.slf4j;
    // Optional: the Vector API kernel is used only when the application adds this module at launch.
    requires static jdk.incubator.vector;

    exports org.lightwayj.codec.fec;

    provides org.lightwayj.codec.PacketCodecFactory with org.lightwayj.codec.fec.FecCodecFactory;
}
