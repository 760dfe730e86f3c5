package org.lightwayj.core.connection;

import org.lightwayj.core.PmtudConfig;
import org.lightwayj.core.plugin.PluginFactoryList;

/**
 * The path-feature settings of a context (issue 5): plugin factories for both chains and, on a
 * client, the DPLPMTUD configuration (null when PMTUD is off or on a server).
 */
record PathConfig(PluginFactoryList insidePlugins, PluginFactoryList outsidePlugins, PmtudConfig pmtud) {
    static final PathConfig NONE = new PathConfig(PluginFactoryList.empty(), PluginFactoryList.empty(), null);
}
