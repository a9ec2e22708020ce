/**
 * Runnable Java examples of the APIs a user embeds. They run on the DStream test kit, with no
 * broker, so they show the semantics alone.
 */
package io.sluice.topologies.examples;
