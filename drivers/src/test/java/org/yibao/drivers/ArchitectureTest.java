package org.yibao.drivers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;

/**
 * STYLE.md's first rule: each device kind is a small interface (a port) with a real adapter
 * and a simulated twin. A port is a public interface of a device package ({@code card},
 * {@code printer}, {@code scanner}, {@code indicator}; not their adapter or {@code internal}
 * sub-packages) that holds a resource, i.e. is {@link AutoCloseable}. The device kinds are
 * independent of one another.
 */
@AnalyzeClasses(packages = "org.yibao.drivers", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule everyPortHasARealAdapterAndASimulatedTwin = classes()
            .that().areInterfaces().and().arePublic().and().areAssignableTo(AutoCloseable.class)
            .and().resideInAPackage("org.yibao.drivers.*")
            .should(haveARealAndASimulatedImplementation())
            .because("STYLE.md: drivers as ports with a simulated twin");

    @ArchTest
    static final ArchRule deviceKindsDoNotDependOnEachOther =
            slices().matching("org.yibao.drivers.(*)..").should().notDependOnEachOther();

    static ArchCondition<JavaClass> haveARealAndASimulatedImplementation() {
        return new ArchCondition<>("have a real implementation and a Simulated* one") {
            @Override
            public void check(JavaClass port, ConditionEvents events) {
                List<JavaClass> adapters = port.getAllSubclasses().stream().filter(c -> !c.isInterface()).toList();
                boolean simulated = adapters.stream().anyMatch(c -> c.getSimpleName().startsWith("Simulated"));
                boolean real = adapters.stream().anyMatch(c -> !c.getSimpleName().startsWith("Simulated"));
                if (!simulated || !real) {
                    String missing = !simulated && !real ? "neither a real nor a Simulated* implementation"
                            : simulated ? "no real implementation" : "no Simulated* implementation";
                    events.add(SimpleConditionEvent.violated(port, port.getName() + " has " + missing + " among "
                            + adapters.stream().map(JavaClass::getSimpleName).toList()));
                }
            }
        };
    }
}
