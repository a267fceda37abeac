package io.foundation.beam.messages;

import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Estimates how many heap bytes a message occupies, for message analytics. An estimate, not a measurement: the JVM
 * cannot tell the size of an object graph cheaply, so the figure follows the layout of a 64-bit JVM with compressed
 * references (16-byte object headers and array headers rounded, 4-byte references) for the common message shapes:
 * <ul>
 *   <li>{@link Binary}, {@code byte[]}, {@code ByteBuffer} (heap: its capacity): header plus bytes;</li>
 *   <li>{@code String}: object plus its Latin-1 or UTF-16 byte array (its length times 1, or 2 if any character is
 *       outside Latin-1);</li>
 *   <li>boxed numbers, enums and other values without components: 16 bytes (enum constants and small cached boxes
 *       are shared in reality; counted anyway, as what the message refers to);</li>
 *   <li>records: a header, 4 or 8 bytes per component, plus each component's estimate;</li>
 *   <li>collections and maps: a header, 4 bytes per slot plus a 16-byte node per map entry, plus the first 64
 *       elements' estimates, scaled up to the size;</li>
 *   <li>other arrays: header plus element slots (plus elements for object arrays, as collections);</li>
 *   <li>anything else: 16 bytes (its own fields are not walked).</li>
 * </ul>
 * The walk stops 8 levels deep; a cycle or a shared object is counted each time it is reached.
 */
public final class MessageSizes {

    private static final int MAX_DEPTH = 8;
    private static final int SAMPLED_ELEMENTS = 64;
    private static final Map<Class<?>, RecordComponent[]> RECORDS = new ConcurrentHashMap<>();

    private MessageSizes() {
    }

    /**
     * @param message a message (null counts 0)
     * @return its estimated heap size in bytes
     */
    public static long estimate(Object message) {
        return estimate(message, 0);
    }

    private static long estimate(Object m, int depth) {
        if (m == null) {
            return 0L;
        }
        if (depth >= MAX_DEPTH) {
            return 16L;
        }
        if (m instanceof Binary b) {
            return 16L + array(b.size(), 1);
        }
        if (m instanceof byte[] bytes) {
            return array(bytes.length, 1);
        }
        if (m instanceof ByteBuffer buffer) {
            return 48L + (buffer.hasArray() ? array(buffer.capacity(), 1) : 0L);
        }
        if (m instanceof String s) {
            return 24L + array(s.length(), latin1(s) ? 1 : 2);
        }
        if (m instanceof Record r) {
            RecordComponent[] components = RECORDS.computeIfAbsent(r.getClass(), Class::getRecordComponents);
            long size = 16L;
            for (RecordComponent c : components) {
                Class<?> type = c.getType();
                size += type == long.class || type == double.class ? 8L : 4L;
                if (!type.isPrimitive()) {
                    try {
                        c.getAccessor().setAccessible(true);
                        size += estimate(c.getAccessor().invoke(r), depth + 1);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        size += 16L; // an accessor we may not call: count the reference's target as a bare object
                    }
                }
            }
            return align(size);
        }
        if (m instanceof Collection<?> c) {
            return 24L + array(c.size(), 4) + sampled(c, c.size(), depth);
        }
        if (m instanceof Map<?, ?> map) {
            return 48L + array(map.size(), 4) + 32L * map.size()
                    + sampled(map.keySet(), map.size(), depth) + sampled(map.values(), map.size(), depth);
        }
        if (m instanceof Object[] array) {
            return array(array.length, 4) + sampled(java.util.Arrays.asList(array), array.length, depth);
        }
        if (m.getClass().isArray()) {
            Class<?> component = m.getClass().getComponentType();
            int width = component == long.class || component == double.class ? 8
                    : component == int.class || component == float.class ? 4
                    : component == short.class || component == char.class ? 2 : 1;
            return array(java.lang.reflect.Array.getLength(m), width);
        }
        return 16L;
    }

    private static long sampled(Iterable<?> elements, int size, int depth) {
        long sum = 0L;
        int n = 0;
        for (Object e : elements) {
            if (n == SAMPLED_ELEMENTS) {
                break;
            }
            sum += estimate(e, depth + 1);
            n++;
        }
        return n == 0 ? 0L : sum * size / n;
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static long array(long length, int width) {
        return align(16L + length * width);
    }

    private static long align(long bytes) {
        return (bytes + 7L) & ~7L;
    }
}
