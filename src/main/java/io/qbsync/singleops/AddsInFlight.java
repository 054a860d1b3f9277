package io.qbsync.singleops;

/**
 * Whether an Add of a record may still reach QuickBooks (sent, or approved and being looked up): linking the record
 * then could leave two. The wizard, which follows every item to QuickBooks, answers.
 */
public interface AddsInFlight {

	boolean addInFlight(long companyId, long recordId);

}
