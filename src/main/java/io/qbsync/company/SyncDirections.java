package io.qbsync.company;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.system.Validation;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ways each object type syncs, per company. The defaults follow the field-service app's rules: customers,
 * vendors and items both ways; invoices and payments from the app into QuickBooks only; accounts, classes, terms
 * and sales tax items from QuickBooks only. A company may change them within what qbsync can do for each type.
 */
@Service
public class SyncDirections {

	/** Types that by default only go from the field-service app into QuickBooks. */
	private static final Set<String> EXPORT_ONLY_BY_DEFAULT = Set.of("Invoice", "ReceivePayment");

	private final JdbcClient jdbc;

	private final CompanyService companies;

	private final Clock clock;

	SyncDirections(JdbcClient jdbc, CompanyService companies, Clock clock) {
		this.jdbc = jdbc;
		this.companies = companies;
		this.clock = clock;
	}

	/** The company's directions for every type in the catalogue, in catalogue order. */
	public List<SyncDirection> of(long companyId) {
		this.companies.get(companyId);
		Map<String, boolean[]> chosen = new LinkedHashMap<>();
		this.jdbc.sql("SELECT object_type, export_on, import_on FROM company_sync_directions WHERE company_id = ?")
			.param(companyId)
			.query((rs) -> {
				chosen.put(rs.getString(1), new boolean[] { rs.getBoolean(2), rs.getBoolean(3) });
			});
		List<SyncDirection> directions = new ArrayList<>();
		for (EntityType type : Entities.all()) {
			boolean[] own = chosen.get(type.name());
			SyncDirection standard = standard(type);
			directions.add((own == null) ? standard
					: new SyncDirection(type.name(), own[0], own[1], type.exports(), type.imports(), false));
		}
		return directions;
	}

	/** The direction of one type for the company. */
	public SyncDirection of(long companyId, String objectType) {
		return of(companyId).stream()
			.filter((d) -> d.objectType().equals(objectType))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Not a type qbsync syncs: " + objectType));
	}

	/**
	 * Changes some types' directions ({@code {"Invoice": {"export": true, "import": true}}}); a direction left out
	 * keeps its current value. Refuses, changing nothing, a type qbsync does not know or a direction it cannot do.
	 */
	@Transactional
	public List<SyncDirection> change(long companyId, Map<String, Map<String, Boolean>> changes) {
		List<SyncDirection> current = of(companyId);
		Validation v = new Validation();
		Map<String, SyncDirection> updated = new LinkedHashMap<>();
		changes.forEach((typeName, wanted) -> {
			SyncDirection now = current.stream().filter((d) -> d.objectType().equals(typeName)).findFirst().orElse(null);
			if (now == null) {
				v.require(false, typeName, "is not a QuickBooks type qbsync syncs; use one of "
						+ current.stream().map(SyncDirection::objectType).toList());
				return;
			}
			if (wanted == null) {
				v.require(false, typeName, "needs {\"export\": true|false, \"import\": true|false}");
				return;
			}
			v.require(wanted.keySet().stream().allMatch((k) -> k.equals("export") || k.equals("import")), typeName,
					"takes only \"export\" and \"import\"");
			v.require(!wanted.containsValue(null), typeName, "takes true or false, not null");
			boolean exportOn = (wanted.get("export") != null) ? wanted.get("export") : now.exportOn();
			boolean importOn = (wanted.get("import") != null) ? wanted.get("import") : now.importOn();
			v.require(!exportOn || now.canExport(), typeName + ".export",
					"cannot be on: qbsync only reads " + typeName + " from QuickBooks");
			v.require(!importOn || now.canImport(), typeName + ".import",
					"cannot be on: qbsync does not read " + typeName + " from QuickBooks");
			updated.put(typeName, new SyncDirection(typeName, exportOn, importOn, now.canExport(), now.canImport(), false));
		});
		v.throwIfInvalid("The sync directions were not changed: fix the entries listed in errors and send them again.");
		updated.values().forEach((d) -> this.jdbc.sql("""
				INSERT INTO company_sync_directions (company_id, object_type, export_on, import_on, updated_at)
				VALUES (?, ?, ?, ?, ?)
				ON DUPLICATE KEY UPDATE export_on = VALUES(export_on), import_on = VALUES(import_on),
					updated_at = VALUES(updated_at)
				""").params(companyId, d.objectType(), d.exportOn(), d.importOn(), Timestamp.from(this.clock.instant()))
			.update());
		return of(companyId);
	}

	private static SyncDirection standard(EntityType type) {
		boolean exportOn = type.exports();
		boolean importOn = type.imports() && !EXPORT_ONLY_BY_DEFAULT.contains(type.name());
		return new SyncDirection(type.name(), exportOn, importOn, type.exports(), type.imports(), true);
	}

}
