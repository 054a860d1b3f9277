package io.qbsync.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;

/**
 * The QuickBooks request types a tag may name: the Add, Mod and Query of every type in the catalogue, the deletes and
 * deleted-object queries, and the queries a session starts with. Anything else (a document an API client queued, an
 * answer a Web Connector made up) is counted as {@code other}, so the number of series stays bounded.
 */
final class RequestTypes {

	static final String OTHER = "other";

	private static final Set<String> KNOWN = known();

	private RequestTypes() {
	}

	/** The tag for a request or response element name: {@code CustomerAddRq} and {@code CustomerAddRs} give CustomerAdd. */
	static String of(String element) {
		String type = (element.endsWith("Rq") || element.endsWith("Rs")) ? element.substring(0, element.length() - 2)
				: element;
		return KNOWN.contains(type) ? type : OTHER;
	}

	private static Set<String> known() {
		Set<String> known = new HashSet<>(List.of("ListDel", "TxnDel", "ListDeletedQuery", "TxnDeletedQuery",
				"HostQuery", "CompanyQuery", "PreferencesQuery"));
		for (EntityType type : Entities.all()) {
			known.add(type.name() + "Add");
			known.add(type.name() + "Mod");
			known.add(type.name() + "Query");
		}
		return Set.copyOf(known);
	}

}
