package io.foundation.beam.boot.autoconfigure.cluster;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.autoconfigure.BeamProperties.ClusterProperties;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.ClusterJoinRefusedException;
import io.foundation.beam.cluster.ClusterTls;
import io.foundation.beam.cluster.InsecureClusterException;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;

/**
 * Maps {@code foundation.beam.cluster.*} onto a {@link ClusterConfig} and joins the cluster, turning what the builder
 * and the join refuse into a {@link BeamConfigurationException} that names the property to change.
 *
 * <p>{@link ClusterConfig.Builder}'s messages start with the builder method's name ({@code bindPort: must be 0 to
 * 65535, but was 70000}); {@link #PROPERTIES} maps each method to its property and what the property accepts. A new
 * builder option needs its line there (a method missing from it is reported against {@code foundation.beam.cluster}).
 */
final class ClusterConfigFactory {

    static final String PREFIX = "foundation.beam.cluster.";
    static final String NODE_NAME_PROPERTY = "foundation.beam.runtime.name";

    /** A property and what it accepts, as the action of a failure analysis says it. */
    record Property(String name, String requirement) {
    }

    /** By {@link ClusterConfig.Builder} method: the property it is set from. */
    static final Map<String, Property> PROPERTIES = Map.ofEntries(
            Map.entry("builder", new Property(NODE_NAME_PROPERTY, "a node name of 1 to 128 letters, digits, '_', '.', '@' or "
                    + "'-', starting with a letter or digit, and unique in the cluster (the runtime's name is the "
                    + "node's name)")),
            Map.entry("clusterName", new Property(PREFIX + "cluster-name", "1 to 200 characters, not blank")),
            Map.entry("bindAddress", new Property(PREFIX + "bind-address",
                    "an IP address of this host or a host name that resolves to one, such as 127.0.0.1")),
            Map.entry("bindPort", new Property(PREFIX + "bind-port", "a port from 0 to 65535 (0 picks a free port, "
                    + "except with DNS discovery by A records: each member is asked at the same fixed port)")),
            Map.entry("initialMembers", new Property(PREFIX + "initial-members",
                    "a list of host:port ([v6-address]:port for IPv6), such as 10.0.0.1:7800,10.0.0.2:7800")),
            Map.entry("dnsDiscovery", new Property(PREFIX + "discovery.dns-query",
                    "a DNS name such as _beam._tcp.orders.shop.svc.cluster.local (SRV) or "
                            + "orders.shop.svc.cluster.local (A), without initial-members, or nothing")),
            Map.entry("dnsRecordType", new Property(PREFIX + "discovery.dns-record-type",
                    "A or SRV, with foundation.beam.cluster.discovery.dns-query")),
            Map.entry("dnsServer", new Property(PREFIX + "discovery.dns-server",
                    "host or host:port of a DNS server ([v6-address]:port for IPv6), with "
                            + "foundation.beam.cluster.discovery.dns-query, or nothing for this host's resolvers")),
            Map.entry("failureDetectionTimeout", new Property(PREFIX + "failure-detection-timeout",
                    "a duration from 300ms to 1h, such as 3s")),
            Map.entry("mergeInterval", new Property(PREFIX + "merge-interval", "a duration from 500ms to 1h, such as 5s")),
            Map.entry("joinTimeout", new Property(PREFIX + "join-timeout", "a duration from 100ms to 1h, such as 2s")),
            Map.entry("stackFile", new Property(PREFIX + "stack-file",
                    "the path of a readable JGroups stack file (XML), or nothing to use the built-in stack")),
            Map.entry("allowMessageTypes", new Property(PREFIX + "serialization.allowed-types",
                    "a list of package or class names, such as com.acme.orders")),
            Map.entry("authSecret", new Property(PREFIX + "auth-secret",
                    "a secret of 16 to 1024 characters shared by every node, best random (openssl rand -base64 32)")),
            Map.entry("tls", new Property(PREFIX + "tls.key-store",
                    "a key store with this node's key and certificate, with its password and a trust store")),
            Map.entry("raftMembers", new Property(PREFIX + "raft.members",
                    "the same list of voter node names on every node, this node among them, or nothing")),
            Map.entry("raftLogDirectory", new Property(PREFIX + "raft.log-directory",
                    "a directory this node may create and write, on storage that survives restarts")),
            Map.entry("raftTimeout", new Property(PREFIX + "raft.timeout", "a duration from 100ms to 1h, such as 5s")),
            Map.entry("keyStore", new Property(PREFIX + "tls.key-store",
                    "a readable key store holding a private key, with foundation.beam.cluster.tls.key-store-password")),
            Map.entry("trustStore", new Property(PREFIX + "tls.trust-store",
                    "a readable trust store holding at least one certificate, with its password")),
            Map.entry("tlsBundle", new Property(PREFIX + "tls.bundle",
                    "the name of an SSL bundle configured under spring.ssl.bundle.* (jks or pem), or nothing, and not "
                            + "together with " + PREFIX + "tls.key-store or trust-store")));

    private ClusterConfigFactory() {
    }

    /**
     * @param nodeName the runtime's name
     * @param properties {@code foundation.beam.cluster.*}
     * @param environment for the origin of a bad value
     * @return the configuration
     * @throws BeamConfigurationException naming the property of the first value the builder refuses
     */
    static ClusterConfig create(String nodeName, ClusterProperties properties, Environment environment) {
        return create(nodeName, properties, environment, null);
    }

    /**
     * @param nodeName the runtime's name
     * @param properties {@code foundation.beam.cluster.*}
     * @param environment for the origin of a bad value
     * @param bundles the application's SSL bundles (for {@code tls.bundle}), or null if it has none
     * @return the configuration
     * @throws BeamConfigurationException naming the property of the first value the builder refuses
     */
    static ClusterConfig create(String nodeName, ClusterProperties properties, Environment environment,
            SslBundles bundles) {
        try {
            ClusterConfig.Builder builder = ClusterConfig.builder(nodeName)
                    .clusterName(properties.getClusterName())
                    .bindPort(properties.getBindPort())
                    .initialMembers(properties.getInitialMembers())
                    .failureDetectionTimeout(properties.getFailureDetectionTimeout())
                    .mergeInterval(properties.getMergeInterval())
                    .joinTimeout(properties.getJoinTimeout())
                    .allowMessageTypes(properties.getSerialization().getAllowedTypes());
            if (properties.getBindAddress() != null) {
                builder.bindAddress(properties.getBindAddress());
            }
            if (properties.getStackFile() != null) {
                builder.stackFile(properties.getStackFile());
            }
            discovery(builder, properties.getDiscovery());
            if (properties.getAuthSecret() != null) {
                builder.authSecret(properties.getAuthSecret());
            }
            ClusterProperties.Tls tls = properties.getTls();
            if (tls.getBundle() != null) {
                builder.tls(fromBundle(tls, bundles));
            } else if (tls.getKeyStore() != null || tls.getTrustStore() != null) {
                if (tls.getKeyStore() == null || tls.getTrustStore() == null) {
                    throw new IllegalArgumentException((tls.getKeyStore() == null ? "keyStore" : "trustStore")
                            + ": TLS needs both a key store and a trust store, but only the "
                            + (tls.getKeyStore() == null ? "trust" : "key") + " store is set");
                }
                builder.tls(ClusterTls.builder()
                        .keyStore(tls.getKeyStore(), password("keyStore", tls.getKeyStorePassword()))
                        .keyStoreType(tls.getKeyStoreType())
                        .trustStore(tls.getTrustStore(), password("trustStore", tls.getTrustStorePassword()))
                        .trustStoreType(tls.getTrustStoreType())
                        .clientAuthRequired(tls.isClientAuthRequired())
                        .build());
            }
            ClusterProperties.Raft raft = properties.getRaft();
            builder.raftMembers(raft.getMembers()).raftTimeout(raft.getTimeout());
            if (raft.getLogDirectory() != null) {
                builder.raftLogDirectory(raft.getLogDirectory());
            }
            return builder.build();
        } catch (InsecureClusterException e) {
            String bind = PREFIX + "bind-address";
            throw new BeamConfigurationException("The Foundation BEAM cluster refuses to listen on a network address "
                    + "without security: " + e.getMessage() + "\n    Source: property " + bind
                    + origin(environment, bind),
                    "Set " + PREFIX + "auth-secret (a random secret of at least 16 characters, the same on every "
                            + "node) or " + PREFIX + "tls.key-store and " + PREFIX + "tls.trust-store with their "
                            + "passwords, or both; or bind to 127.0.0.1 (" + bind + ") if every node runs on this "
                            + "host.", e);
        } catch (IllegalArgumentException e) {
            throw invalid(e, environment);
        }
    }

    /** @return the analysis of a value the builder refused: the property, its origin, the builder's reason */
    static BeamConfigurationException invalid(IllegalArgumentException e, Environment environment) {
        String message = String.valueOf(e.getMessage());
        int end = 0;
        while (end < message.length() && Character.isJavaIdentifierPart(message.charAt(end))) {
            end++;
        }
        Property property = PROPERTIES.get(message.substring(0, end));
        if (property == null) {
            return new BeamConfigurationException("The Foundation BEAM cluster configuration is invalid: " + message,
                    "Correct the foundation.beam.cluster.* properties: " + message, e);
        }
        String reason = message.substring(end).replaceFirst("^\\([^)]*\\)", "").replaceFirst("^:\\s*", "");
        return new BeamConfigurationException("The Foundation BEAM cluster cannot use " + property.name() + ": "
                + reason + ".\n    Source: property " + property.name() + origin(environment, property.name()),
                "Set " + property.name() + " to " + property.requirement() + ".", e);
    }

    /**
     * Joins the cluster.
     *
     * @throws BeamConfigurationException if the node name is in use in the cluster, the address and port cannot be
     *     listened on, or joining fails otherwise (naming what to change)
     */
    static BeamCluster join(BeamRuntime runtime, ClusterConfig config, Environment environment) {
        try {
            return BeamCluster.join(runtime, config);
        } catch (IllegalStateException e) {
            throw joinFailed(e, config, environment);
        }
    }

    static BeamConfigurationException joinFailed(IllegalStateException e, ClusterConfig config,
            Environment environment) {
        String where = config.bindAddress().getHostAddress() + ":" + config.bindPort();
        if (e.getClass().getSimpleName().equals("NodeNameInUseException")) {
            return new BeamConfigurationException("This node's name '" + config.nodeName() + "' is already in use in "
                    + "cluster '" + config.clusterName() + "': each node needs a name of its own, and a node's name is "
                    + "its runtime's name. This node did not join.\n    Source: property " + NODE_NAME_PROPERTY
                    + origin(environment, NODE_NAME_PROPERTY),
                    "Give every instance its own " + NODE_NAME_PROPERTY + " (such as orders-1, orders-2). If this "
                            + "instance was restarted quickly, its former life is reported down within "
                            + PREFIX + "failure-detection-timeout (" + print(config.failureDetectionTimeout())
                            + "): start it again after that.", e);
        }
        if (e instanceof ClusterJoinRefusedException refused) {
            return refused(refused, environment);
        }
        BindException bind = cause(e, BindException.class);
        if (bind != null && config.stackFile().isEmpty()) {
            String port = PREFIX + "bind-port";
            String address = PREFIX + "bind-address";
            return new BeamConfigurationException("The Foundation BEAM cluster cannot listen on " + where + ": "
                    + bind.getMessage() + ". The port, or the failure detection port 100 above it, is taken by "
                    + "another process, or the address is not one of this host's.\n    Source: property " + port
                    + " = " + config.bindPort() + origin(environment, port) + ", property " + address + " = "
                    + config.bindAddress().getHostAddress() + origin(environment, address),
                    "Set " + port + " to a free port (and check that the port 100 above it is free too), or stop "
                            + "the process that holds it; check that " + address + " is an address of this host.",
                    e);
        }
        return new BeamConfigurationException("The Foundation BEAM runtime '" + config.nodeName() + "' cannot join "
                + "cluster '" + config.clusterName() + "' at " + where + ": " + e.getMessage(),
                "Check the foundation.beam.cluster.* properties"
                        + (config.stackFile().isPresent() ? " and the stack file " + config.stackFile().get() : "")
                        + "; the cause below says what failed.", e);
    }

    /** TLS from the SSL bundle {@code tls.bundle} names: its context, and its enabled protocols if it sets them. */
    private static ClusterTls fromBundle(ClusterProperties.Tls tls, SslBundles bundles) {
        String name = tls.getBundle();
        if (tls.getKeyStore() != null || tls.getTrustStore() != null) {
            throw new IllegalArgumentException("tlsBundle: '" + name + "' is set together with "
                    + (tls.getKeyStore() != null ? PREFIX + "tls.key-store" : PREFIX + "tls.trust-store")
                    + "; TLS takes its key and trusted certificates from one of them");
        }
        if (bundles == null) {
            throw new IllegalArgumentException("tlsBundle: '" + name + "' is set, but the application has no SSL "
                    + "bundles (no SslBundles bean; Spring Boot's SslAutoConfiguration makes one)");
        }
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new IllegalArgumentException("tlsBundle: there is no SSL bundle named '" + name + "' (configured "
                    + "bundles: " + bundles.getBundleNames() + ")", e);
        }
        ClusterTls.Builder builder = ClusterTls.builder().sslContext(bundle.createSslContext())
                .clientAuthRequired(tls.isClientAuthRequired());
        String[] protocols = bundle.getOptions().getEnabledProtocols();
        if (protocols != null) {
            builder.protocols(List.of(protocols));
        }
        return builder.build();
    }

    private static void discovery(ClusterConfig.Builder builder, ClusterProperties.Discovery discovery) {
        String type = discovery.getDnsRecordType() == null ? "" : discovery.getDnsRecordType().strip();
        ClusterConfig.DnsRecordType recordType = Arrays.stream(ClusterConfig.DnsRecordType.values())
                .filter(t -> t.name().equalsIgnoreCase(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("dnsRecordType: must be A or SRV, but was '"
                        + discovery.getDnsRecordType() + "'"));
        if (discovery.getDnsQuery() != null) {
            builder.dnsDiscovery(discovery.getDnsQuery(), recordType);
        } else if (recordType != ClusterConfig.DnsRecordType.A) {
            throw new IllegalArgumentException("dnsRecordType: is " + recordType + ", but " + PREFIX
                    + "discovery.dns-query is not set: set the DNS name to ask too, or remove the record type");
        }
        if (discovery.getDnsServer() != null) {
            builder.dnsServer(discovery.getDnsServer());
        }
    }

    /** The analysis of a refused join: the peers and reasons (the exception's message) and the security properties. */
    private static BeamConfigurationException refused(ClusterJoinRefusedException e, Environment environment) {
        String message = String.valueOf(e.getMessage());
        String secret = PREFIX + "auth-secret";
        String keyStore = PREFIX + "tls.key-store";
        String trustStore = PREFIX + "tls.trust-store";
        boolean aboutSecret = message.contains(secret);
        boolean aboutTls = message.contains(PREFIX + "tls.");
        StringBuilder source = new StringBuilder();
        StringBuilder action = new StringBuilder();
        if (aboutSecret || !aboutTls) {
            source.append("\n    Source: property ").append(secret).append(setOrNot(environment, secret));
            action.append("Set ").append(secret).append(" to the secret the running members use (one secret, set on "
                    + "every node).");
        }
        if (aboutTls) {
            source.append("\n    Source: property ").append(keyStore).append(origin(environment, keyStore))
                    .append(", property ").append(trustStore).append(origin(environment, trustStore));
            action.append(action.isEmpty() ? "" : " ").append("Give this node a certificate (").append(keyStore)
                    .append(") signed by a CA in the members' trust stores, and put the CA of theirs in ")
                    .append(trustStore).append(" (with ").append(PREFIX)
                    .append("tls.bundle, in that SSL bundle's key store and trust store).");
        }
        return new BeamConfigurationException(message + source, action
                + " The members log a warning naming this node and the reason.", e);
    }

    /** Whether a property is set and where, never its value (for secrets). */
    private static String setOrNot(Environment environment, String property) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found != null) {
                return " is set" + (found.getOrigin() != null ? " (in " + found.getOrigin() + ")" : "");
            }
        }
        return " is not set";
    }

    private static char[] password(String store, String password) {
        if (password == null) {
            throw new IllegalArgumentException(store + ": its password is not set");
        }
        return password.toCharArray();
    }

    /** @return the duration as a property value: 3s, 1500ms */
    static String print(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** @return " = value (from origin)" for a property set in the environment (or its first element), or "" */
    static String origin(Environment environment, String property) {
        for (String key : new String[] { property, property + "[0]" }) {
            ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
            for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
                ConfigurationProperty found = source.getConfigurationProperty(name);
                if (found != null) {
                    return (key.equals(property) ? " = " : "[0] = ") + found.getValue()
                            + (found.getOrigin() != null ? " (from " + found.getOrigin() + ")" : "");
                }
            }
        }
        return " (not set: its default)";
    }
}
