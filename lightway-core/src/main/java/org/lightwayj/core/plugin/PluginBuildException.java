package org.lightwayj.core.plugin;

/**
 * A {@link PluginFactory} could not make its plugin (upstream {@code PluginFactoryError::BuildError}).
 * When raised by {@link PluginChain#create(PluginFactoryList)} it names the factory's position.
 */
public class PluginBuildException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Position of the failing factory in its list, or −1 when unknown. */
    private final int factoryIndex;

    /** @param message what went wrong */
    public PluginBuildException(String message) {
        this(message, null, -1);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying failure, may be null
     */
    public PluginBuildException(String message, Throwable cause) {
        this(message, cause, -1);
    }

    /**
     * @param message      what went wrong
     * @param cause        the underlying failure, may be null
     * @param factoryIndex position of the failing factory, or −1
     */
    public PluginBuildException(String message, Throwable cause, int factoryIndex) {
        super(message, cause);
        this.factoryIndex = factoryIndex;
    }

    /** Position of the failing factory in its {@link PluginFactoryList}, or −1 when unknown. */
    public int factoryIndex() {
        return factoryIndex;
    }
}
