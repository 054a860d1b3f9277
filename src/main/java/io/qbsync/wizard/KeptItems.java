package io.qbsync.wizard;

import io.qbsync.company.WebConnectorRunEnded;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keep Unchecked, as the help article has it: items an admin kept reappear in the Sync Wizard "the next time the web
 * connector runs after the current sync", so they show again once a run that began after they were kept has ended.
 */
@Component
class KeptItems {

	private final WizardItems items;

	KeptItems(WizardItems items) {
		this.items = items;
	}

	@EventListener
	void on(WebConnectorRunEnded run) {
		this.items.showKept(run.companyId(), run.startedAt());
	}

}
