package io.qbsync.sandbox;

import java.net.URI;
import java.util.List;

import io.qbsync.company.Company;
import io.qbsync.sandbox.SandboxService.CustomerFields;
import io.qbsync.sandbox.SandboxService.InvoiceFields;
import io.qbsync.sandbox.SandboxService.NewSandboxCompany;
import io.qbsync.sandbox.SandboxService.RunOutcome;
import io.qbsync.sandbox.SandboxService.SandboxCustomer;
import io.qbsync.sandbox.SandboxService.SandboxInvoice;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of sandbox companies: make one, run its built-in Web Connector now, and act as the bookkeeper in its
 * simulated QuickBooks (list, add, edit and delete customers and
 * invoices).
 */
@RestController
class SandboxController {

	private final SandboxService sandboxes;

	SandboxController(SandboxService sandboxes) {
		this.sandboxes = sandboxes;
	}

	@PostMapping("/api/sandbox-companies")
	ResponseEntity<SandboxCompanyView> create(@RequestBody NewSandboxCompany request) {
		SandboxCompanyView view = SandboxCompanyView.of(this.sandboxes.create(request));
		return ResponseEntity.created(URI.create("/api/companies/" + view.id())).body(view);
	}

	@PostMapping("/api/companies/{id}/sandbox/run")
	RunOutcome run(@PathVariable long id) {
		return this.sandboxes.runWebConnector(id);
	}

	@GetMapping("/api/companies/{id}/sandbox/customers")
	List<SandboxCustomer> customers(@PathVariable long id) {
		return this.sandboxes.customers(id);
	}

	@PostMapping("/api/companies/{id}/sandbox/customers")
	ResponseEntity<SandboxCustomer> addCustomer(@PathVariable long id, @RequestBody CustomerFields fields) {
		SandboxCustomer added = this.sandboxes.addCustomer(id, fields);
		return ResponseEntity.created(URI.create("/api/companies/" + id + "/sandbox/customers/" + added.listId()))
			.body(added);
	}

	@PutMapping("/api/companies/{id}/sandbox/customers/{listId}")
	SandboxCustomer editCustomer(@PathVariable long id, @PathVariable String listId,
			@RequestBody CustomerFields fields) {
		return this.sandboxes.editCustomer(id, listId, fields);
	}

	@DeleteMapping("/api/companies/{id}/sandbox/customers/{listId}")
	ResponseEntity<Void> deleteCustomer(@PathVariable long id, @PathVariable String listId) {
		this.sandboxes.deleteCustomer(id, listId);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/companies/{id}/sandbox/invoices")
	List<SandboxInvoice> invoices(@PathVariable long id) {
		return this.sandboxes.invoices(id);
	}

	@PostMapping("/api/companies/{id}/sandbox/invoices")
	ResponseEntity<SandboxInvoice> addInvoice(@PathVariable long id, @RequestBody InvoiceFields fields) {
		SandboxInvoice added = this.sandboxes.addInvoice(id, fields);
		return ResponseEntity.created(URI.create("/api/companies/" + id + "/sandbox/invoices/" + added.txnId()))
			.body(added);
	}

	@PutMapping("/api/companies/{id}/sandbox/invoices/{txnId}")
	SandboxInvoice editInvoice(@PathVariable long id, @PathVariable String txnId, @RequestBody InvoiceFields fields) {
		return this.sandboxes.editInvoice(id, txnId, fields);
	}

	@DeleteMapping("/api/companies/{id}/sandbox/invoices/{txnId}")
	ResponseEntity<Void> deleteInvoice(@PathVariable long id, @PathVariable String txnId) {
		this.sandboxes.deleteInvoice(id, txnId);
		return ResponseEntity.noContent().build();
	}

	/** A new sandbox company as the API shows it. */
	record SandboxCompanyView(long id, String name, String username, int runEveryMinutes, boolean sandbox) {

		static SandboxCompanyView of(Company c) {
			return new SandboxCompanyView(c.id(), c.name(), c.username(), c.runEveryMinutes(), c.sandbox());
		}

	}

}
