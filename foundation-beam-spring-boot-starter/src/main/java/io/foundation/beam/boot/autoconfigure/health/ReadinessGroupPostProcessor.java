package io.foundation.beam.boot.autoconfigure.health;

import java.util.List;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Adds a contributor ({@code ecosystems}, or {@code cluster}) to the {@code readiness} group (never to
 * {@code liveness}), unless the
 * application configures that group's members itself ({@code management.endpoint.health.group.readiness.include}
 * or {@code .exclude}), in which case its choice stands. Membership is added by wrapping the group, not through the
 * properties, so {@code management.endpoint.health.validate-group-membership} has nothing to reject when the
 * contributor is absent.
 *
 * <p>Runs after Boot's own {@code AvailabilityProbesHealthEndpointGroupsPostProcessor}, which creates the probe
 * groups: both are {@link Ordered#LOWEST_PRECEDENCE}, and this one's auto-configuration comes after
 * {@code AvailabilityProbesAutoConfiguration}, so its bean is defined, and applied, later. The wrapper keeps Boot's
 * {@link AdditionalPathsMapper} (the {@code /readyz}-style additional paths).
 */
@Order(Ordered.LOWEST_PRECEDENCE)
final class ReadinessGroupPostProcessor implements HealthEndpointGroupsPostProcessor {

    static final String READINESS = "readiness";
    static final String CONTRIBUTOR = "ecosystems";

    private final boolean userConfigured;
    private final String contributor;

    ReadinessGroupPostProcessor(Environment environment) {
        this(environment, CONTRIBUTOR);
    }

    /**
     * @param environment for the application's own readiness members
     * @param contributor the contributor to add to the group
     */
    ReadinessGroupPostProcessor(Environment environment, String contributor) {
        this.contributor = contributor;
        String prefix = "management.endpoint.health.group." + READINESS;
        this.userConfigured = environment.containsProperty(prefix + ".include")
                || environment.containsProperty(prefix + ".exclude")
                || environment.containsProperty(prefix + ".include[0]")
                || environment.containsProperty(prefix + ".exclude[0]");
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        if (userConfigured || groups.get(READINESS) == null) {
            return groups;
        }
        return new Groups(groups, contributor);
    }

    static boolean isContributor(String contributor, String name) {
        return name.equals(contributor) || name.startsWith(contributor + "/");
    }

    /** The groups, with the readiness group widened to the contributor. */
    private static final class Groups implements HealthEndpointGroups, AdditionalPathsMapper {

        private final HealthEndpointGroups delegate;
        private final String contributor;

        Groups(HealthEndpointGroups delegate, String contributor) {
            this.delegate = delegate;
            this.contributor = contributor;
        }

        @Override
        public HealthEndpointGroup getPrimary() {
            return delegate.getPrimary();
        }

        @Override
        public Set<String> getNames() {
            return delegate.getNames();
        }

        @Override
        public HealthEndpointGroup get(String name) {
            HealthEndpointGroup group = delegate.get(name);
            return group != null && READINESS.equals(name) ? new WithContributor(group, contributor) : group;
        }

        @Override
        public List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
            return delegate instanceof AdditionalPathsMapper mapper
                    ? mapper.getAdditionalPaths(endpointId, webServerNamespace) : null;
        }
    }

    /** A group that also has the contributor as a member. */
    private record WithContributor(HealthEndpointGroup delegate, String contributor) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return isContributor(contributor, name) || delegate.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return delegate.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return delegate.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return delegate.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return delegate.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return delegate.getAdditionalPath();
        }
    }
}
