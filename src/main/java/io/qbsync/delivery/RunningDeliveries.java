package io.qbsync.delivery;

import java.util.Collection;
import java.util.Set;

/** Which deliveries an open Web Connector session still stands for: the sessions are the Web Connector's to know. */
public interface RunningDeliveries {

	/** Of these delivery executions, those an open session is running. */
	Set<Long> running(Collection<Long> executionIds);

}
