/**
 * A systematic Reed–Solomon forward-error-correction codec for the Lightway-J inside-packet SPI.
 */
module org.lightwayj.codec.fec {
    requires transitive org.lightwayj.codec.api;
    requires org.slf4j;
}
