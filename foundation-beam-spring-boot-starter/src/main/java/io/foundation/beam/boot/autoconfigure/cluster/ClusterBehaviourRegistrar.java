package io.foundation.beam.boot.autoconfigure.cluster;

import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.BehaviourFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Registers every {@link BehaviourFactory} bean with the cluster under its bean name, so that another node can spawn
 * it ({@code cluster.spawn("orders-2", "pricer", argument, timeout)} for a bean named {@code pricer}). Registration
 * happens once every singleton exists (a factory bean may depend on the cluster itself); a spawn request that arrives
 * earlier fails as for any unknown behaviour, naming the registered ones. {@link #close()} unregisters them.
 */
final class ClusterBehaviourRegistrar implements SmartInitializingSingleton, AutoCloseable {

    private final BeamCluster cluster;
    private final ListableBeanFactory beanFactory;
    private final List<String> registered = new ArrayList<>();

    ClusterBehaviourRegistrar(BeamCluster cluster, ListableBeanFactory beanFactory) {
        this.cluster = cluster;
        this.beanFactory = beanFactory;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Map.Entry<String, BehaviourFactory> bean : beanFactory.getBeansOfType(BehaviourFactory.class)
                .entrySet()) {
            cluster.registerBehaviour(bean.getKey(), bean.getValue());
            registered.add(bean.getKey());
        }
    }

    /** @return the behaviours registered, by bean name */
    List<String> registered() {
        return List.copyOf(registered);
    }

    @Override
    public void close() {
        registered.forEach(cluster::unregisterBehaviour);
    }
}
