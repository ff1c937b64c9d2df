/**
 * The activity side of the runbooks an operator drives: what does I/O (HTTP post-checks, a write
 * test, scaling a workload) and runs only inside an activity, never in workflow code. The records
 * those activities take and return, and the steps the workflows run, stay in {@code
 * dev.drd.runbook}.
 */
package dev.drd.runbook.activities;
