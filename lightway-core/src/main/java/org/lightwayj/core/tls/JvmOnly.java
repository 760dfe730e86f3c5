package org.lightwayj.core.tls;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that uses JDK APIs Android API 26 lacks and that is reached only behind a runtime guard
 * that is off on Android (the guard is named where the annotation is used). The build's Android API
 * check (animal-sniffer, docs/android.md) skips what carries it; nothing reads it at run time.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface JvmOnly {
}
