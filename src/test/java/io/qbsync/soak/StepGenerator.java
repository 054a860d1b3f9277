package io.qbsync.soak;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws a soak run's steps from a seed: the same seed, company count and session count always give the same list.
 * It keeps a rough picture of the host app's records so that what it draws mostly makes sense (an invoice names a
 * customer and items the host has); what the bookkeeper does is drawn blind and resolved when the step runs.
 */
final class StepGenerator {

	/** Names customers and vendors are drawn from: they share QuickBooks' name space, so collisions are the point. */
	static final List<String> NAMES = List.of("Oak Hill", "Maple Court", "Birch Lane", "Cedar Ridge", "Willow Park",
			"Aspen Grove", "Elm Court", "Linden Place", "Poplar Street", "Spruce Way", "Hawthorn Hill", "Juniper Row",
			"O\u2019Brien Tree Care", "Smith\u2013Jones Lawn");

	static final List<String> ITEM_NAMES = List.of("Mowing", "Mulching", "Pruning", "Edging", "Stump Grinding",
			"Leaf Removal", "Aeration");

	/**
	 * Knobs of a run. {@code admin}: the admin also works Unsynced Entities (Resync, Clear ID), drawn from a random
	 * of its own, so that the rest of a seed's steps are the same with it and without it.
	 */
	record Settings(int companies, int sessions, boolean expensiveFaults, boolean admin) {
	}

	private final Random random;

	private final Random admin;

	private final Settings settings;

	private final List<Host> hosts = new ArrayList<>();

	private StepGenerator(long seed, Settings settings) {
		this.random = new Random(seed);
		this.admin = new Random(seed * 31 + 17);
		this.settings = settings;
		for (int i = 0; i < settings.companies(); i++) {
			this.hosts.add(new Host());
		}
	}

	static List<Step> generate(long seed, Settings settings) {
		return new StepGenerator(seed, settings).all();
	}

	/** The host app as the generator pictures it. */
	private static final class Host {

		final Map<String, String> customers = new LinkedHashMap<>();

		final Map<String, String> vendors = new LinkedHashMap<>();

		final Map<String, String> items = new LinkedHashMap<>();

		final Map<String, String[]> invoices = new LinkedHashMap<>();

		final Map<String, String> payments = new LinkedHashMap<>();

		final Map<String, Integer> counters = new HashMap<>();

		String next(String prefix) {
			return prefix + "-" + this.counters.merge(prefix, 1, Integer::sum);
		}

	}

	private List<Step> all() {
		List<Step> steps = new ArrayList<>();
		int sessions = 0;
		while (sessions < this.settings.sessions()) {
			int company = this.random.nextInt(this.settings.companies());
			Step step = draw(company, this.hosts.get(company));
			if (step != null) {
				steps.add(step);
				if (step instanceof Step.Session) {
					sessions++;
				}
			}
			if (this.settings.admin()) {
				int roll = this.admin.nextInt(100);
				int target = this.admin.nextInt(this.settings.companies());
				int pick = this.admin.nextInt(1000);
				if (roll < 3) {
					steps.add(new Step.Resync(target, pick));
				}
				else if (roll < 5) {
					steps.add(new Step.ClearId(target, pick));
				}
			}
		}
		return steps;
	}

	private Step draw(int c, Host host) {
		int roll = this.random.nextInt(100);
		if (roll < 10) {
			return newCustomer(c, host);
		}
		if (roll < 14) {
			return newVendor(c, host);
		}
		if (roll < 20) {
			return newItem(c, host);
		}
		if (roll < 29) {
			return newInvoice(c, host);
		}
		if (roll < 33) {
			return newPayment(c, host);
		}
		if (roll < 43) {
			return editRecord(c, host);
		}
		if (roll < 47) {
			return rename(c, host);
		}
		if (roll < 51) {
			return delete(c, host);
		}
		if (roll < 61) {
			return bookkeeper(c);
		}
		if (roll < 70) {
			return new Step.Scan(c);
		}
		if (roll < 79) {
			return new Step.Approve(c, this.random.nextLong(), this.random.nextInt(3) == 0 ? "CLEAR" : "KEEP");
		}
		if (roll < 85) {
			return new Step.ApplyFeed(c);
		}
		return new Step.Session(c, fault(), 1 + this.random.nextInt(4));
	}

	private Fault fault() {
		int roll = this.random.nextInt(1000);
		if (roll < 450) {
			return Fault.NONE;
		}
		if (this.settings.expensiveFaults()) {
			if (roll < 458) {
				return Fault.SERVER_RESTART;
			}
			if (roll < 466) {
				return Fault.DB_CONNECTION_DROPPED;
			}
		}
		Fault[] cheap = { Fault.LOST_AFTER_APPLY, Fault.LOST_AFTER_APPLY, Fault.LOST_BEFORE_APPLY, Fault.PARSE_ERROR,
				Fault.NOT_RUNNING, Fault.BUSY, Fault.BUSY, Fault.STALE_EDIT_SEQUENCE, Fault.STALE_EDIT_SEQUENCE,
				Fault.PARENT_DELETED, Fault.NAME_TAKEN, Fault.NAME_TAKEN, Fault.ANSWER_TWICE, Fault.LATE_ANSWER,
				Fault.OVERLAPPING_SESSIONS, Fault.SEND_REPEATED, Fault.WRONG_COMPANY_FILE };
		return cheap[this.random.nextInt(cheap.length)];
	}

	private String freeName(Host host) {
		List<String> free = new ArrayList<>(NAMES);
		free.removeAll(host.customers.values());
		free.removeAll(host.vendors.values());
		return free.isEmpty() ? null : free.get(this.random.nextInt(free.size()));
	}

	private String freeItemName(Host host) {
		List<String> free = new ArrayList<>(ITEM_NAMES);
		free.removeAll(host.items.values());
		return free.isEmpty() ? null : free.get(this.random.nextInt(free.size()));
	}

	private String email(String name) {
		return "e" + this.random.nextInt(1000) + "@" + name.toLowerCase().replaceAll("[^a-z]+", "-") + ".example";
	}

	private String phone() {
		return "919-555-" + String.format("%04d", this.random.nextInt(10000));
	}

	private Step newCustomer(int c, Host host) {
		String name = freeName(host);
		if (name == null) {
			return null;
		}
		String id = host.next("C");
		host.customers.put(id, name);
		return new Step.PutRecord(c, "customers", id, customerJson(name, email(name), phone()));
	}

	static String customerJson(String name, String email, String phone) {
		return "{\"name\": \"" + name + "\", \"email\": \"" + email + "\", \"phone\": \"" + phone + "\"}";
	}

	private Step newVendor(int c, Host host) {
		String name = freeName(host);
		if (name == null) {
			return null;
		}
		String id = host.next("V");
		host.vendors.put(id, name);
		return new Step.PutRecord(c, "vendors", id, vendorJson(name, email(name)));
	}

	static String vendorJson(String name, String email) {
		return "{\"name\": \"" + name + "\", \"email\": \"" + email + "\"}";
	}

	private Step newItem(int c, Host host) {
		String name = freeItemName(host);
		if (name == null) {
			return null;
		}
		String id = host.next("I");
		host.items.put(id, name);
		return new Step.PutRecord(c, "items", id, itemJson(name, 20 + this.random.nextInt(200)));
	}

	static String itemJson(String name, int rate) {
		return "{\"name\": \"" + name + "\", \"type\": \"SERVICE\", \"rate\": \"" + rate
				+ ".00\", \"incomeAccount\": \"Sales\"}";
	}

	private Step newInvoice(int c, Host host) {
		if (host.customers.isEmpty() || host.items.isEmpty()) {
			return null;
		}
		String id = host.next("INV");
		String number = Integer.toString(1000 + host.counters.get("INV"));
		String customer = pick(host.customers);
		List<String> items = new ArrayList<>(host.items.keySet());
		int lines = 1 + this.random.nextInt(3);
		StringBuilder json = new StringBuilder();
		BigDecimal total = BigDecimal.ZERO;
		for (int i = 0; i < lines; i++) {
			int quantity = 1 + this.random.nextInt(4);
			int rate = 10 * (1 + this.random.nextInt(20));
			total = total.add(BigDecimal.valueOf((long) quantity * rate));
			json.append(i > 0 ? ", " : "").append("{\"item\": \"").append(items.get(this.random.nextInt(items.size())))
				.append("\", \"quantity\": ").append(quantity).append(", \"rate\": ").append(rate).append("}");
		}
		host.invoices.put(id, new String[] { customer, number, total.toPlainString(), json.toString(), "open" });
		return new Step.PutRecord(c, "invoices", id, invoiceJson(number, customer, "", json.toString()));
	}

	static String invoiceJson(String number, String customer, String memo, String lines) {
		return "{\"number\": \"" + number + "\", \"customer\": \"" + customer + "\", \"date\": \"2026-11-24\", "
				+ "\"memo\": \"" + memo + "\", \"lines\": [" + lines + "]}";
	}

	private Step newPayment(int c, Host host) {
		List<String> open = host.invoices.entrySet().stream().filter((e) -> "open".equals(e.getValue()[4]))
			.map(Map.Entry::getKey).toList();
		if (open.isEmpty()) {
			return null;
		}
		String invoice = open.get(this.random.nextInt(open.size()));
		String[] inv = host.invoices.get(invoice);
		inv[4] = "paid";
		String id = host.next("P");
		host.payments.put(id, invoice);
		BigDecimal amount = new BigDecimal(inv[2]).divide(BigDecimal.valueOf(2));
		return new Step.PutRecord(c, "payments", id,
				"{\"customer\": \"" + inv[0] + "\", \"date\": \"2026-11-25\", \"amount\": \"" + amount.toPlainString()
						+ "\", \"reference\": \"" + id + "\", \"appliedTo\": [{\"invoice\": \"" + invoice
						+ "\", \"amount\": \"" + amount.toPlainString() + "\"}]}");
	}

	private Step editRecord(int c, Host host) {
		int roll = this.random.nextInt(4);
		if (roll == 0 && !host.customers.isEmpty()) {
			String id = pick(host.customers);
			String name = host.customers.get(id);
			return new Step.PutRecord(c, "customers", id, customerJson(name, email(name), phone()));
		}
		if (roll == 1 && !host.vendors.isEmpty()) {
			String id = pick(host.vendors);
			String name = host.vendors.get(id);
			return new Step.PutRecord(c, "vendors", id, vendorJson(name, email(name)));
		}
		if (roll == 2 && !host.items.isEmpty()) {
			String id = pick(host.items);
			return new Step.PutRecord(c, "items", id, itemJson(host.items.get(id), 20 + this.random.nextInt(200)));
		}
		if (!host.invoices.isEmpty()) {
			String id = pick(host.invoices);
			String[] inv = host.invoices.get(id);
			return new Step.PutRecord(c, "invoices", id,
					invoiceJson(inv[1], inv[0], "memo " + this.random.nextInt(100), inv[3]));
		}
		return null;
	}

	private Step rename(int c, Host host) {
		String name = freeName(host);
		if (name == null) {
			return null;
		}
		if (this.random.nextBoolean() && !host.customers.isEmpty()) {
			String id = pick(host.customers);
			host.customers.put(id, name);
			return new Step.PutRecord(c, "customers", id, customerJson(name, email(name), phone()));
		}
		if (!host.vendors.isEmpty()) {
			String id = pick(host.vendors);
			host.vendors.put(id, name);
			return new Step.PutRecord(c, "vendors", id, vendorJson(name, email(name)));
		}
		return null;
	}

	private Step delete(int c, Host host) {
		int roll = this.random.nextInt(4);
		if (roll == 0 && !host.invoices.isEmpty()) {
			String id = pick(host.invoices);
			if (host.payments.containsValue(id)) {
				return null;
			}
			host.invoices.remove(id);
			return new Step.DeleteRecord(c, "invoices", id);
		}
		if (roll == 1 && !host.customers.isEmpty()) {
			String id = pick(host.customers);
			if (host.invoices.values().stream().anyMatch((inv) -> inv[0].equals(id))) {
				return null;
			}
			host.customers.remove(id);
			return new Step.DeleteRecord(c, "customers", id);
		}
		if (roll == 2 && !host.vendors.isEmpty()) {
			String id = pick(host.vendors);
			host.vendors.remove(id);
			return new Step.DeleteRecord(c, "vendors", id);
		}
		if (!host.payments.isEmpty()) {
			String id = pick(host.payments);
			host.invoices.computeIfPresent(host.payments.remove(id), (k, inv) -> {
				inv[4] = "open";
				return inv;
			});
			return new Step.DeleteRecord(c, "payments", id);
		}
		return null;
	}

	private Step bookkeeper(int c) {
		String[] lists = { "Customer", "Customer", "Vendor", "ItemService" };
		String type = lists[this.random.nextInt(lists.length)];
		int pick = this.random.nextInt(1000);
		switch (this.random.nextInt(8)) {
			case 0, 1:
				return new Step.BookkeeperAdd(c, type,
						type.startsWith("Item") ? ITEM_NAMES.get(this.random.nextInt(ITEM_NAMES.size()))
								: NAMES.get(this.random.nextInt(NAMES.size())));
			case 2, 3, 4:
				if (type.equals("ItemService")) {
					return new Step.BookkeeperEdit(c, type, pick, "SalesOrPurchase/Price",
							(20 + this.random.nextInt(200)) + ".00");
				}
				return this.random.nextBoolean()
						? new Step.BookkeeperEdit(c, type, pick, "Email", "bk" + this.random.nextInt(1000) + "@books.example")
						: new Step.BookkeeperEdit(c, type, pick, "Phone", phone());
			case 5:
				return new Step.BookkeeperRename(c, type, pick,
						type.startsWith("Item") ? ITEM_NAMES.get(this.random.nextInt(ITEM_NAMES.size()))
								: NAMES.get(this.random.nextInt(NAMES.size())) + " Inc");
			case 6:
				return new Step.BookkeeperInactivate(c, type, pick);
			default:
				return new Step.BookkeeperDelete(c, type, pick);
		}
	}

	private <V> String pick(Map<String, V> map) {
		List<String> keys = new ArrayList<>(map.keySet());
		return keys.get(this.random.nextInt(keys.size()));
	}

}
