package org.yibao.provisioning;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Provisioning's packages (identity, bundle, config, self-test, update, ...) form no cycles. */
@AnalyzeClasses(packages = "org.yibao.provisioning", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("org.yibao.provisioning.(**)").should().beFreeOfCycles();
}
