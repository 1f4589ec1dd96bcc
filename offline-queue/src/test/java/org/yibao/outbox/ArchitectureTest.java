package org.yibao.outbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.regex.Pattern;
import org.yibao.outbox.wire.Topics;

/**
 * DESIGN.md: offline-queue is a durable outbox and an MQTT uplink that "knows nothing of
 * insurance". Maven already keeps it from depending on terminal; this checks the words of its
 * public face and that its packages form no cycles.
 */
@AnalyzeClasses(packages = "org.yibao.outbox", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /**
     * Words of the insurance business (settlement, person, fund, insured, visit, institution,
     * insurance area, voucher, drug, catalogue); "claim" is left out: it is the queue's own
     * word for a business message.
     */
    static final Pattern INSURANCE_WORDS =
            Pattern.compile("(?i).*(settle|setl|psn|fund|insur|hifp|mdtrt|medins|admdvs|voucher|drug|catalog|pharm).*");

    /**
     * The two path segments of the device topic {@code yb/{admdvs}/{fixmedins_code}/{device_id}}
     * keep their insurance names: renaming the accessors of the public {@code Topics} record
     * touches every module and is left to a change of its own.
     */
    static final Set<String> KNOWN = Set.of(Topics.class.getName() + ".admdvs", Topics.class.getName() + ".fixmedinsCode");

    @ArchTest
    static final ArchRule publicNamesUseNoInsuranceWords = classes()
            .that().arePublic()
            .should(nameNothingPublicWith(INSURANCE_WORDS))
            .because("DESIGN.md: offline-queue knows nothing of insurance");

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("org.yibao.outbox.(**)").should().beFreeOfCycles();

    static ArchCondition<JavaClass> nameNothingPublicWith(Pattern words) {
        return new ArchCondition<>("name no class, public method or public field with an insurance word") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                report(events, c, words.matcher(c.getSimpleName()).matches(), "class " + c.getName());
                for (JavaMethod m : c.getMethods()) {
                    checkMember(events, c, m, words);
                }
                for (JavaField f : c.getFields()) {
                    checkMember(events, c, f, words);
                }
            }
        };
    }

    private static void checkMember(ConditionEvents events, JavaClass c, JavaMember member, Pattern words) {
        boolean visible = member.getModifiers().contains(JavaModifier.PUBLIC)
                || member.getModifiers().contains(JavaModifier.PROTECTED);
        boolean known = KNOWN.contains(c.getName() + "." + member.getName());
        report(events, c, visible && !known && words.matcher(member.getName()).matches(), member.getFullName());
    }

    private static void report(ConditionEvents events, JavaClass c, boolean violated, String what) {
        if (violated) {
            events.add(SimpleConditionEvent.violated(c, what + " uses an insurance word"));
        }
    }
}
