package io.foundation.beam.boot.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.UnhandledMessageException;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.ecosystem.WorkerContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dispatch by message type: the most specific handler wins; misses and ties are reported, never guessed. */
class HandlerMethodsTests {

    interface Animal {
    }

    interface Pet {
    }

    static class Dog implements Animal, Pet {
    }

    static class Puppy extends Dog {
    }

    static class Base {
        @HandleMessage
        String animal(Animal animal) {
            return "animal";
        }
    }

    static class Handlers extends Base {
        @HandleMessage
        String dog(Dog dog, WorkerContext context) {
            return "dog " + (context == null ? "no context" : "with context");
        }

        @HandleMessage
        String anything(Object message) {
            return "anything";
        }

        @HandleMessage
        int number(int n) {
            return n + 1;
        }

        @HandleMessage
        void nothing(StringBuilder builder) {
            builder.append("called");
        }

        @HandleMessage
        String fails(List<?> list) throws IOException {
            throw new IOException("checked, and passed through as is");
        }

        String notAHandler(String text) {
            return "never";
        }
    }

    private final HandlerMethods handlers = HandlerMethods.introspect("handlers", Handlers.class,
            HandlerMethods.Role.WORKER);
    private final Handlers bean = new Handlers();

    @Test
    void findsInheritedAndOwnAnnotatedMethodsOnly() {
        assertThat(handlers.handlers()).extracting(h -> h.method().getName())
                .containsExactlyInAnyOrder("animal", "dog", "anything", "number", "nothing", "fails");
    }

    @Test
    void theMostSpecificTypeWins() throws Exception {
        assertThat(handlers.invoke(bean, new Puppy(), null)).isEqualTo("dog no context");
        assertThat(handlers.invoke(bean, new Dog(), null)).isEqualTo("dog no context");
        assertThat(handlers.invoke(bean, new Animal() { }, null)).isEqualTo("animal");
        assertThat(handlers.invoke(bean, "text", null)).isEqualTo("anything");
    }

    @Test
    void aPrimitiveParameterTakesItsWrapperAndVoidAnswersNull() throws Exception {
        assertThat(handlers.invoke(bean, 41, null)).isEqualTo(42);
        StringBuilder builder = new StringBuilder();
        assertThat(handlers.invoke(bean, builder, null)).isNull();
        assertThat(builder).hasToString("called");
    }

    @Test
    void aHandlerExceptionIsThrownAsItIs() {
        assertThatThrownBy(() -> handlers.invoke(bean, new ArrayList<>(), null)).isInstanceOf(IOException.class)
                .hasMessage("checked, and passed through as is");
    }

    static class OnlyDogs {
        @HandleMessage
        String dog(Dog dog) {
            return "dog";
        }

        @HandleMessage
        String pet(Pet pet) {
            return "pet";
        }

        @HandleMessage
        String animal(Animal animal) {
            return "animal";
        }
    }

    @Test
    void aMissIsReportedWithTheBeanTheTypeAndTheHandledTypes() {
        HandlerMethods onlyDogs = HandlerMethods.introspect("dogs", OnlyDogs.class, HandlerMethods.Role.WORKER);
        UnhandledMessageException miss = onlyDogs.check(String.class);
        assertThat(miss).hasMessageStartingWith("@Worker bean 'dogs' (" + OnlyDogs.class.getName() + ") has no "
                + "@HandleMessage method for java.lang.String; it handles [")
                .hasMessageContaining(Dog.class.getName()).hasMessageContaining(Pet.class.getName());
        assertThat(onlyDogs.check(Dog.class)).isNull();
        assertThatThrownBy(() -> onlyDogs.invoke(new OnlyDogs(), "text", null))
                .isInstanceOf(UnhandledMessageException.class).hasMessage(miss.getMessage());
    }

    static class PetAnimal implements Pet, Animal {
    }

    @Test
    void twoEquallySpecificHandlersAreATieNotAGuess() throws Exception {
        HandlerMethods onlyDogs = HandlerMethods.introspect("dogs", OnlyDogs.class, HandlerMethods.Role.WORKER);
        assertThat(onlyDogs.check(PetAnimal.class)).hasMessageContaining("several equally specific @HandleMessage "
                + "methods for " + PetAnimal.class.getName()).hasMessageContaining("OnlyDogs.pet(Pet)")
                .hasMessageContaining("OnlyDogs.animal(Animal)").hasMessageEndingWith("Add a handler for PetAnimal "
                        + "itself.");
        assertThat(onlyDogs.invoke(new OnlyDogs(), new Puppy(), null)).isEqualTo("dog");
    }

    static class Duplicate {
        @HandleMessage
        void a(Dog dog) {
        }

        @HandleMessage
        void b(Dog dog, WorkerContext context) {
        }
    }

    @Test
    void twoHandlersForOneTypeAreRefusedAtIntrospection() {
        assertThatThrownBy(() -> HandlerMethods.introspect("dup", Duplicate.class, HandlerMethods.Role.WORKER))
                .isInstanceOf(BeamConfigurationException.class)
                .hasMessageContaining("has two @HandleMessage methods for " + Dog.class.getName());
    }
}
