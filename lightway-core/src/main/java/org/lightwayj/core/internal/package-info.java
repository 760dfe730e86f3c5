/**
 * Helpers shared by several packages of the core. Not exported by the module: nothing here is API.
 */
package org.lightwayj.core.internal;
