package io.qbsync.web;

import io.qbsync.company.Company;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.system.NotFoundException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * One field-service record as qbsync holds it: its fields, its link to QuickBooks and the records API address. The
 * wizard's and Unsynced Entities' rows with a problem link here, so the admin sees what is to be fixed at the source.
 */
@Controller
class RecordPage {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final CompanyAccess access;

	private final Header header;

	private final SingleOpsRecords records;

	RecordPage(CompanyAccess access, Header header, SingleOpsRecords records) {
		this.access = access;
		this.header = header;
		this.records = records;
	}

	@GetMapping("/companies/{companyId}/records/{type}/{externalId}")
	String show(@PathVariable long companyId, @PathVariable String type, @PathVariable String externalId,
			Authentication user, Model model) {
		Company company = this.access.require(user, companyId);
		RecordType recordType = RecordType.fromPath(type)
			.orElseThrow(() -> new NotFoundException("There is no record type \"" + type + "\"."));
		StoredRecord record = this.records.find(companyId, recordType, externalId)
			.orElseThrow(() -> new NotFoundException("Company " + companyId + " has no " + type + " record \""
					+ externalId + "\"."));
		this.header.fill(model, user, company, "unsynced");
		model.addAttribute("record", record);
		model.addAttribute("fields", JSON.writeValueAsString(JSON.readValue(record.data(), JsonNode.class)));
		return "record";
	}

}
