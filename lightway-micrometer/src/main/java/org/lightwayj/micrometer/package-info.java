/**
 * Micrometer meters for Lightway-J: {@link org.lightwayj.micrometer.MicrometerMetricsListener} (a
 * {@code MetricsListener} for a client or server context) and {@link org.lightwayj.micrometer.CodecMeters}
 * (an inside-packet codec factory's counters, such as the FEC codec's). Optional: the core does not depend
 * on Micrometer.
 */
package org.lightwayj.micrometer;
