package io.foundation.beam.boot.ecosystem;

import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.UnhandledMessageException;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.ecosystem.CoordinatorContext;
import io.foundation.beam.ecosystem.WorkerContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The {@link HandleMessage} methods of one {@code @Worker} or {@code @Coordinator} bean definition, checked once at
 * startup and shared by every instance (every process) of that bean.
 *
 * <h2>Dispatch</h2>
 * A message goes to the handler whose parameter type is the most specific of those the message is an instance of:
 * the one assignable to every other candidate. No candidate, or several incomparable ones (two interfaces the
 * message implements), is an {@link UnhandledMessageException} naming the bean, the type and the handled types.
 * Resolutions are cached per message class in a concurrent map (a benign race may compute one twice).
 *
 * <p>Thread-safety: immutable apart from the cache; {@link #invoke} runs on the calling process's thread.
 */
final class HandlerMethods {

    /** What kind of bean the handlers belong to: decides the context type a handler may take. */
    enum Role {
        WORKER("@Worker", WorkerContext.class), COORDINATOR("@Coordinator", CoordinatorContext.class);

        final String annotation;
        final Class<?> contextType;

        Role(String annotation, Class<?> contextType) {
            this.annotation = annotation;
            this.contextType = contextType;
        }
    }

    /** One handler method; {@code type} is the message type, primitives replaced by their wrappers. */
    record Handler(Method method, Class<?> type, boolean takesContext) {
        @Override
        public String toString() {
            return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "("
                    + method.getParameterTypes()[0].getSimpleName() + (takesContext ? ", context)" : ")");
        }
    }

    private sealed interface Resolution permits Found, Missing {
    }

    private record Found(Handler handler) implements Resolution {
    }

    private record Missing(String message) implements Resolution {
    }

    private final String beanName;
    private final Class<?> beanClass;
    private final Role role;
    private final List<Handler> handlers;
    private final Map<Class<?>, Resolution> resolutions = new ConcurrentHashMap<>();

    private HandlerMethods(String beanName, Class<?> beanClass, Role role, List<Handler> handlers) {
        this.beanName = beanName;
        this.beanClass = beanClass;
        this.role = role;
        this.handlers = handlers;
    }

    /**
     * Finds and checks the handler methods of a bean class (its own, inherited and interface methods).
     *
     * @param beanName the bean's name, for messages
     * @param beanClass the bean's class
     * @param role worker or coordinator
     * @return the handlers, possibly none
     * @throws BeamConfigurationException naming the bean and the method if a handler's signature is unusable, or if
     *     two handlers take the same message type
     */
    static HandlerMethods introspect(String beanName, Class<?> beanClass, Role role) {
        Class<?> userClass = ClassUtils.getUserClass(beanClass);
        Map<Method, HandleMessage> annotated = MethodIntrospector.selectMethods(userClass,
                (MethodIntrospector.MetadataLookup<HandleMessage>) method -> AnnotatedElementUtils
                        .findMergedAnnotation(method, HandleMessage.class));
        List<Method> methods = new ArrayList<>(annotated.keySet());
        methods.sort(Comparator.comparing(Method::toGenericString)); // stable messages
        List<Handler> handlers = new ArrayList<>();
        for (Method method : methods) {
            Handler handler = check(beanName, userClass, role, method);
            for (Handler other : handlers) {
                if (other.type() == handler.type()) {
                    throw new BeamConfigurationException(
                            describe(role, beanName, userClass) + " has two @HandleMessage methods for "
                                    + handler.type().getName() + ": " + other.method().toGenericString() + " and "
                                    + method.toGenericString() + ". A message must select one handler.",
                            "Keep one @HandleMessage method for " + handler.type().getName() + " in "
                                    + userClass.getName() + ", or give one of them a more specific parameter type.");
                }
            }
            ReflectionUtils.makeAccessible(method);
            handlers.add(handler);
        }
        return new HandlerMethods(beanName, userClass, role, List.copyOf(handlers));
    }

    private static Handler check(String beanName, Class<?> userClass, Role role, Method method) {
        String where = "@HandleMessage method " + method.toGenericString() + " of " + describe(role, beanName,
                userClass);
        String usage = "A handler takes the message (its type selects the messages) and optionally the "
                + role.contextType.getSimpleName() + ": for example @HandleMessage Object handle(MyMessage message, "
                + role.contextType.getSimpleName() + " context).";
        if (Modifier.isStatic(method.getModifiers())) {
            throw new BeamConfigurationException(where + " is static; handlers are called on the instance of each "
                    + "process.", "Make " + method.getName() + " an instance method. " + usage);
        }
        Class<?>[] parameters = method.getParameterTypes();
        if (parameters.length == 0 || parameters.length > 2) {
            throw new BeamConfigurationException(where + " has " + parameters.length + " parameters; a handler has "
                    + "1 or 2.", "Change the parameters of " + method.getName() + ". " + usage);
        }
        if (isContext(parameters[0])) {
            throw new BeamConfigurationException(where + " takes " + parameters[0].getSimpleName() + " as its first "
                    + "parameter, which must be the message.", "Put the message first. " + usage);
        }
        if (parameters.length == 2 && parameters[1] != role.contextType) {
            String hint = isContext(parameters[1])
                    ? parameters[1].getSimpleName() + " belongs to a " + (role == Role.WORKER ? "@Coordinator"
                            : "@Worker") + " bean"
                    : parameters[1].getName() + " is not a context type";
            throw new BeamConfigurationException(where + " has a second parameter of type "
                    + parameters[1].getName() + ", but a " + role.annotation + " handler's second parameter must be "
                    + role.contextType.getName() + " (" + hint + ").",
                    "Change the second parameter of " + method.getName() + " to " + role.contextType.getSimpleName()
                            + ", or remove it. " + usage);
        }
        return new Handler(method, ClassUtils.resolvePrimitiveIfNecessary(parameters[0]), parameters.length == 2);
    }

    private static boolean isContext(Class<?> type) {
        return type == WorkerContext.class || type == CoordinatorContext.class;
    }

    private static String describe(Role role, String beanName, Class<?> beanClass) {
        return role.annotation + " bean '" + beanName + "' (" + beanClass.getName() + ")";
    }

    /** @return whether the bean has no handler methods (it then relies on the core interface's {@code handle}) */
    boolean isEmpty() {
        return handlers.isEmpty();
    }

    /** @return the handlers */
    List<Handler> handlers() {
        return handlers;
    }

    /**
     * @param messageType a message's class
     * @return null if a handler takes it, else the {@link UnhandledMessageException} to report
     */
    UnhandledMessageException check(Class<?> messageType) {
        return resolve(messageType) instanceof Missing missing ? new UnhandledMessageException(missing.message())
                : null;
    }

    /**
     * Calls the handler for a message.
     *
     * @param bean the process's bean instance
     * @param message the message
     * @param context the process's context
     * @return the handler's return value (null for void)
     * @throws UnhandledMessageException if no handler takes the message
     * @throws Exception whatever the handler throws, unwrapped
     */
    Object invoke(Object bean, Object message, Object context) throws Exception {
        Resolution resolution = resolve(message.getClass());
        if (resolution instanceof Missing missing) {
            throw new UnhandledMessageException(missing.message());
        }
        Handler handler = ((Found) resolution).handler();
        Method method = handler.method();
        if (!method.getDeclaringClass().isInstance(bean)) {
            method = AopUtils.selectInvocableMethod(method, bean.getClass()); // a JDK proxy around the bean
        }
        try {
            return handler.takesContext() ? method.invoke(bean, message, context) : method.invoke(bean, message);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method.toGenericString(), e);
        }
    }

    private Resolution resolve(Class<?> messageType) {
        Resolution cached = resolutions.get(messageType);
        if (cached != null) {
            return cached;
        }
        Resolution resolution = compute(messageType);
        resolutions.putIfAbsent(messageType, resolution);
        return resolution;
    }

    private Resolution compute(Class<?> messageType) {
        List<Handler> candidates = handlers.stream().filter(h -> h.type().isAssignableFrom(messageType)).toList();
        List<Handler> best = candidates.stream()
                .filter(c -> candidates.stream().allMatch(o -> o.type().isAssignableFrom(c.type())))
                .toList();
        if (best.size() == 1) {
            return new Found(best.get(0));
        }
        String bean = describe(role, beanName, beanClass);
        if (candidates.isEmpty()) {
            return new Missing(bean + " has no @HandleMessage method for " + messageType.getName() + "; it handles "
                    + handledTypes() + ". Add a handler for " + messageType.getSimpleName()
                    + " (or one of its supertypes), or send it elsewhere.");
        }
        List<Handler> mostSpecific = candidates.stream()
                .filter(c -> candidates.stream().noneMatch(o -> o != c && c.type().isAssignableFrom(o.type())))
                .toList();
        return new Missing(bean + " has several equally specific @HandleMessage methods for " + messageType.getName()
                + ": " + mostSpecific + ". Add a handler for " + messageType.getSimpleName() + " itself.");
    }

    private String handledTypes() {
        return handlers.isEmpty() ? "no type"
                : handlers.stream().map(h -> h.type().getName()).collect(Collectors.joining(", ", "[", "]"));
    }
}
