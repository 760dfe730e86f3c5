/**
 * Opt-in JDK Flight Recorder events for Lightway-J (JVM only; Android has no {@code jdk.jfr}):
 * {@link org.lightwayj.jfr.JfrConnectionEvents} records handshakes and connection closes,
 * {@link org.lightwayj.jfr.CodecRecoveryEvents} records an inside-packet codec's recoveries.
 */
module org.lightwayj.jfr {
    requires transitive org.lightwayj.core;
    requires transitive jdk.jfr;

    exports org.lightwayj.jfr;
    // JFR reads event classes reflectively (their fields are the event's payload).
    opens org.lightwayj.jfr to jdk.jfr;
}
