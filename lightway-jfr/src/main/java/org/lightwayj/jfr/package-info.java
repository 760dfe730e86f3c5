/**
 * Opt-in JDK Flight Recorder events for Lightway-J. Event names: {@code org.lightwayj.Handshake},
 * {@code org.lightwayj.ConnectionClosed} ({@link org.lightwayj.jfr.JfrConnectionEvents}) and
 * {@code org.lightwayj.FecRecovery} ({@link org.lightwayj.jfr.CodecRecoveryEvents}); all in the JFR
 * category "Lightway-J". JVM only.
 */
package org.lightwayj.jfr;
