package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The software and machine an output was made with, as one nested record ({@code provenance.Provenance#machine}),
 * for the records that do not flatten these fields (those of older files do, and keep doing so).
 *
 * @param hemametVersion      the hemamet that made it
 * @param javaVersion         its Java
 * @param os                  operating system, version, architecture
 * @param cpu                 the CPU model
 * @param availableProcessors processors the JVM saw
 * @param hostHash            first 12 hex digits of SHA-256 of the host name (no site identifier)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Machine(
        String hemametVersion, String javaVersion, String os, String cpu, int availableProcessors, String hostHash) {}
