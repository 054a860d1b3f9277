package io.qbsync.singleops;

import java.util.List;
import java.util.Optional;

/**
 * What linking a record to a QuickBooks object ({@code linkTo}) must know of QuickBooks' side; the quickbooks
 * package, which reads QuickBooks, answers.
 */
public interface QuickBooksObjects {

	/** The latest version read of the company's QuickBooks object with this id and one of these types, if any. */
	Optional<ObjectVersion> latest(long companyId, String qbId, List<String> objectTypes);

	/** The EditSequence the latest feed entry about the object carried, if it carried one. */
	Optional<String> offeredEditSequence(long companyId, String qbId);

	/** One version of a QuickBooks object. */
	record ObjectVersion(String editSequence, boolean deleted) {
	}

}
