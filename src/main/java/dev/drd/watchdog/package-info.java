/**
 * The RPO watchdog: each target's recovery point (its newest backup and its newest backup a drill
 * proved restorable), read from the bucket in the background and exported as gauges.
 */
package dev.drd.watchdog;
