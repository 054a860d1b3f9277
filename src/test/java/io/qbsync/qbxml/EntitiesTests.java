package io.qbsync.qbxml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.qbsync.qbxml.entity.Direction;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.entity.Field;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue holds what the sync engine needs, in an order it can release in. */
class EntitiesTests {

	@Test
	void coversTheTypesWeSync() {
		assertThat(Entities.all()).extracting(EntityType::name)
			.contains("Customer", "Vendor", "ItemService", "ItemNonInventory", "Invoice", "ReceivePayment", "Account",
					"Class", "StandardTerms", "ItemSalesTax");
		assertThat(Entities.all()).filteredOn((t) -> !t.exports())
			.extracting(EntityType::name)
			.containsExactlyInAnyOrder("Account", "Class", "StandardTerms", "ItemSalesTax");
		assertThat(Entities.all()).allMatch((t) -> t.directions().contains(Direction.IMPORT));
	}

	@Test
	void everyTypeComesAfterTheTypesItDependsOn() {
		Set<String> seen = new HashSet<>();
		for (EntityType type : Entities.all()) {
			assertThat(seen).as(type.name() + " depends on").containsAll(type.dependencies());
			seen.add(type.name());
		}
	}

	@Test
	void everyExportedTypeCarriesOurIdentityOnAdd() {
		for (EntityType type : Entities.all().stream().filter(EntityType::exports).toList()) {
			assertThat(type.externalGuidSince()).as(type.name()).isNotNull();
			assertThat(type.addFields()).extracting(Field::name).contains(EntityType.EXTERNAL_GUID);
			assertThat(type.modFields()).extracting(Field::name).doesNotContain(EntityType.EXTERNAL_GUID);
			assertThat(type.modFields()).noneMatch(Field::required);
		}
	}

	@Test
	void fieldNamesAreUniquePerType() {
		for (EntityType type : Entities.all()) {
			assertThat(type.addFields()).extracting(Field::name).doesNotHaveDuplicates();
			assertThat(type.readFields()).extracting(Field::name).doesNotHaveDuplicates();
		}
	}

	/** Adding a mapping class without listing it in the catalogue is caught here. */
	@Test
	void everyMappingClassIsInTheCatalogue() throws IOException {
		Path dir = Path.of("src/main/java/io/qbsync/qbxml/entity");
		List<String> mappings;
		try (Stream<Path> files = Files.list(dir)) {
			mappings = files.map((p) -> p.getFileName().toString())
				.filter((n) -> n.endsWith("Mapping.java"))
				.map((n) -> n.substring(0, n.length() - "Mapping.java".length()))
				.toList();
		}
		assertThat(mappings).isNotEmpty();
		assertThat(Entities.all()).extracting(EntityType::name).containsAll(mappings);
	}

}
