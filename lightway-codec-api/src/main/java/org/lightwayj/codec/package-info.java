/**
 * The inside-packet codec SPI: {@link org.lightwayj.codec.PacketEncoder},
 * {@link org.lightwayj.codec.PacketDecoder}, {@link org.lightwayj.codec.CodecStatus} and
 * {@link org.lightwayj.codec.PacketCodecFactory}. See {@code docs/codec-authors.md}.
 */
package org.lightwayj.codec;
