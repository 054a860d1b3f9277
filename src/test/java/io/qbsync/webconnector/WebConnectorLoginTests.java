package io.qbsync.webconnector;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.qbsync.company.CompanyService;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** serverVersion, clientVersion and authenticate, over HTTP as the Web Connector calls them. */
class WebConnectorLoginTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CompanyService companies;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void serverVersionNamesTheServer() {
		assertThat(wc().serverVersion()).startsWith("qbsync");
	}

	@Test
	void clientVersionRefusesTooOldWarnsOldAndAcceptsCurrent() {
		WebConnectorClient wc = wc();
		assertThat(wc.clientVersion("2.0.1.7")).startsWith("E:").contains("2.1.0.30");
		assertThat(wc.clientVersion("2.2.0.71")).startsWith("W:").contains("2.3.0.36");
		assertThat(wc.clientVersion("2.3.0.36")).isEmpty();
		// numeric, not string, comparison: 2.10 is newer than 2.3
		assertThat(wc.clientVersion("2.10.0.1")).isEmpty();
		assertThat(wc.clientVersion("not a version")).isEmpty();
	}

	@Test
	void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
		TestCompany company = TestCompanies.create(api(), "Login");
		List<String> wrongPassword = wc().authenticate(company.username(), "wrong password");
		List<String> unknownUser = wc().authenticate(TestCompanies.uniqueUsername("nobody"), company.password());
		assertThat(wrongPassword).containsExactly("", "nvu");
		assertThat(unknownUser).isEqualTo(wrongPassword);
		assertThat(wc().authenticate("", "").get(1)).isEqualTo("nvu");
		assertThat(sessionsOf(company)).isZero();
	}

	@Test
	void repeatedFailuresHoldBackTheirAddressEvenForTheRightPassword() {
		TestCompany company = TestCompanies.create(api(), "Locked");
		for (int i = 0; i < 5; i++) {
			assertThat(wc().authenticate(company.username(), "guess " + i).get(1)).isEqualTo("nvu");
		}
		assertThat(wc().authenticate(company.username(), company.password())).containsExactly("", "nvu");
		assertThat(sessionsOf(company)).isZero();

		// once the wait has passed, the right password works again
		this.jdbc.sql("UPDATE webconnector_login_throttles SET delayed_until = '2000-01-01' WHERE username = ?")
			.param(company.username())
			.update();
		assertThat(wc().authenticate(company.username(), company.password()).get(1)).isEqualTo("none");
	}

	@Test
	void unknownUsernamesAreHeldBackToo() {
		String ghost = TestCompanies.uniqueUsername("ghost");
		for (int i = 0; i < 5; i++) {
			wc().authenticate(ghost, "guess " + i);
		}
		assertThat(this.jdbc.sql("SELECT delayed_until IS NOT NULL FROM webconnector_login_throttles WHERE username = ?")
			.param(ghost)
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void nothingQueuedMeansNone() {
		TestCompany company = TestCompanies.create(api(), "Idle");
		List<String> answer = wc().authenticate(company.username(), company.password());
		assertThat(answer.get(0)).hasSizeGreaterThanOrEqualTo(32);
		assertThat(answer.get(1)).isEqualTo("none");
		assertThat(this.jdbc.sql("SELECT state FROM webconnector_sessions WHERE company_id = ?")
			.param(company.id())
			.query(String.class)
			.single()).isEqualTo("NO_WORK");
		assertThat(this.jdbc.sql("SELECT last_check_in_at IS NOT NULL FROM companies WHERE id = ?")
			.param(company.id())
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void queuedWorkOpensASessionOnTheCompanyFile() {
		String file = "C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Busy.QBW";
		TestCompany company = TestCompanies.create(api(), "Busy", Map.of("companyFile", file));
		TestCompanies.enqueue(api(), company.id(), TestCompanies.customerQuery("13.0", "one"));
		List<String> answer = wc().authenticate(company.username(), company.password());
		assertThat(answer.get(1)).isEqualTo(file);
		assertThat(answer.get(0)).matches("[A-Za-z0-9_-]{32,}");
		assertThat(this.jdbc.sql("SELECT state FROM webconnector_sessions WHERE company_id = ?")
			.param(company.id())
			.query(String.class)
			.single()).isEqualTo("OPEN");
		// the ticket itself is not stored
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM webconnector_sessions WHERE ticket_hash = ?")
			.param(answer.get(0))
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aWebConnectorRunningMoreOftenThanTheCompanySettingIsAskedToSlowDown() {
		TestCompany company = TestCompanies.create(api(), "Eager", Map.of("runEveryMinutes", 30));
		assertThat(wc().authenticate(company.username(), company.password())).hasSize(2);
		List<String> again = wc().authenticate(company.username(), company.password());
		assertThat(again).hasSize(4);
		assertThat(Integer.parseInt(again.get(2))).isBetween(1, 1800);
		assertThat(again.get(3)).isEqualTo("1800");
	}

	@Test
	void aLoginWhosePasswordChangesWhileItIsCheckedOpensNoSession() throws Exception {
		TestCompany company = TestCompanies.create(api(), "Rotating");
		TestCompanies.enqueue(api(), company.id(), TestCompanies.customerQuery("13.0", "one"));
		CompletableFuture<List<String>> login = new TransactionTemplate(this.transactions).execute((status) -> {
			// the change holds the company's row until it commits: the login checks the old password meanwhile and
			// then waits for the row to open its session
			this.companies.rotatePassword(company.id(), null);
			CompletableFuture<List<String>> waiting = CompletableFuture
				.supplyAsync(() -> wc().authenticate(company.username(), company.password()));
			// the login records its address as a success once the password matched, just before it takes the row
			long deadline = System.currentTimeMillis() + 20_000;
			while (!waiting.isDone() && !passwordChecked(company) && System.currentTimeMillis() < deadline) {
				Thread.onSpinWait();
			}
			return waiting;
		});
		assertThat(login.get()).containsExactly("", "nvu");
		assertThat(sessionsOf(company)).isZero();
	}

	/** Read on a connection of its own (another thread), outside the test's transaction and its snapshot. */
	private boolean passwordChecked(TestCompany company) {
		return CompletableFuture.supplyAsync(() -> this.jdbc
			.sql("SELECT COUNT(*) FROM webconnector_login_addresses WHERE username = ?")
			.param(company.username())
			.query(Long.class)
			.single()).join() > 0;
	}

	private WebConnectorClient wc() {
		return new WebConnectorClient(endpoint());
	}

	private long sessionsOf(TestCompany company) {
		return this.jdbc.sql("SELECT COUNT(*) FROM webconnector_sessions WHERE company_id = ?")
			.param(company.id())
			.query(Long.class)
			.single();
	}

}
