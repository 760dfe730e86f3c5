/**
 * Optional Micrometer adapter for Lightway-J: {@link org.lightwayj.micrometer.MicrometerMetricsListener}
 * counts what a connection reports through {@code MetricsListener}, and
 * {@link org.lightwayj.micrometer.CodecMeters} exposes an inside-packet codec factory's counters (the
 * FEC codec's recovered packets, repairs sent, …) as meters.
 */
module org.lightwayj.micrometer {
    requires transitive org.lightwayj.core;
    requires transitive micrometer.core;

    exports org.lightwayj.micrometer;
}
