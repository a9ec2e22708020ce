/**
 * Runnable Java examples of the APIs a user embeds: the ready pipelines built with the structured
 * API (their plans printed, or run on a cluster given on the command line), and DStreams on the
 * test kit, with no broker, so they show the semantics alone.
 */
package io.sluice.topologies.examples;
