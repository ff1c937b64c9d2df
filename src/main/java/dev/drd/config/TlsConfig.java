package dev.drd.config;

import java.nio.file.Path;

/** TLS to Temporal: a CA to trust and, for mTLS, a client certificate and its key (PEM files). */
public record TlsConfig(Path clientCert, Path clientKey, Path caCert, String serverName) {}
