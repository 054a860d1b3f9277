package io.qbsync;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The feature packages form a graph without cycles, read from the compiled classes: the web pages and the Web
 * Connector endpoint on top, then delivery and release, then the wizard (an item's whole lifecycle), then the records
 * of both sides, then company and the plain qbXML layer. The README's "How the pieces fit" draws the same graph.
 */
class ModularityTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.qbsync");

	private static final ApplicationModules MODULES = ApplicationModules.of(QbsyncApplication.class);

	/**
	 * Spring Modulith's view: every package under io.qbsync is a module, its sub-packages internal unless named as
	 * interfaces; no cycles, and no module reaches into another's internals.
	 */
	@Test
	void theModulesVerify() {
		MODULES.verify();
	}

	/**
	 * The module pictures in PlantUML, all modules (C4) and each with its neighbours, in target/spring-modulith-docs;
	 * docs/modules keeps a copy, linked from the README. (No canvases: Modulith reads every jar's configuration
	 * metadata for them, and without Jackson 2 its fallback parser fails on one of them.)
	 */
	@Test
	void writesTheModulePictures() {
		new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}

	@Test
	void noPackageDependsOnItselfThroughAnother() {
		slices().matching("io.qbsync.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	/** The package-info files alone carry an annotation: Modulith's name for a sub-package other modules may use. */
	@Test
	void theQbxmlLayerIsPlainJavaAndKnowsNoFeature() {
		classes().that().resideInAPackage("io.qbsync.qbxml..").and().doNotHaveSimpleName("package-info")
			.should().onlyDependOnClassesThat().resideInAnyPackage("io.qbsync.qbxml..", "java..", "javax.xml..",
					"org.xml..", "org.w3c..")
			.check(MAIN);
	}

	@Test
	void nothingButTheApplicationDependsOnThePages() {
		noClasses().that().resideOutsideOfPackage("io.qbsync.web..")
			.should().dependOnClassesThat().resideInAPackage("io.qbsync.web..")
			.check(MAIN);
	}

	@Test
	void systemAndCompanyKnowNoFeatureAboveThem() {
		noClasses().that().resideInAnyPackage("io.qbsync.system..", "io.qbsync.company..")
			.should().dependOnClassesThat().resideInAnyPackage("io.qbsync.wizard..", "io.qbsync.release..",
					"io.qbsync.delivery..", "io.qbsync.webconnector..", "io.qbsync.report..", "io.qbsync.singleops..",
					"io.qbsync.quickbooks..", "io.qbsync.sandbox..", "io.qbsync.notification..")
			.check(MAIN);
	}

}
