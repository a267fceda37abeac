package io.foundation.beam.boot;

import io.foundation.beam.ecosystem.Ecosystem;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ecosystems of the application context, by name. Each is also a bean of type
 * {@link Ecosystem} qualified by its name, so {@code @Qualifier("orders") Ecosystem orders} and
 * {@code registry.get("orders")} give the same handle.
 *
 * <p>A handle exists from the start of the context, but its ecosystem runs only between the end of the context's
 * refresh (it starts in a {@code SmartLifecycle} phase below the web server's) and the context's close: work
 * submitted before or after fails with {@link io.foundation.beam.ecosystem.EcosystemStoppedException}. Methods may
 * be called from any thread.
 */
public interface EcosystemRegistry {

    /**
     * @param name an ecosystem's name
     * @return its handle
     * @throws NoSuchEcosystemException if no enabled ecosystem has that name (the message lists those that exist and
     *     says whether the name is disabled by property)
     */
    Ecosystem get(String name);

    /**
     * @param name an ecosystem's name
     * @return its handle, or empty if no enabled ecosystem has that name
     */
    Optional<Ecosystem> find(String name);

    /** @return the names of the enabled ecosystems, in declaration order */
    Set<String> names();

    /** @return the handles of the enabled ecosystems, in declaration order */
    List<Ecosystem> ecosystems();
}
