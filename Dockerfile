# drd's container image: the daemon (serve) and the CLI, with the PostgreSQL client programs it
# runs. Build: docker build -t drd . (or docker compose build, see docker-compose.yml).

# ---- build: target/drd.jar ------------------------------------------------------------------
FROM maven:3.9.9-eclipse-temurin-21 AS build
WORKDIR /src
# The dependencies change less often than the code: resolve them in a layer of their own.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY config config
COPY src src
RUN mvn -B -q -DskipTests package

# ---- runtime: a JRE 21, PostgreSQL's programs, the jar --------------------------------------------
# Debian 13 (trixie) ships both OpenJDK 21 and PostgreSQL 17 in its own archive: no third-party
# repository, no key to fetch.
FROM debian:trixie-slim
# pg_dump cannot dump a server newer than itself: PG_MAJOR must be >= the major version of every
# server drd backs up (drd checks before each dump and fails with TOOL_INCOMPATIBLE otherwise).
# It must be a version the base's archive has; for newer servers, move the base with it.
ARG PG_MAJOR=17
# The server package too: a point-in-time restore recovers the base backup with PostgreSQL's own
# server, run by drd as its own user (no cluster is created at install).
RUN set -eux; \
    export DEBIAN_FRONTEND=noninteractive; \
    mkdir -p /etc/postgresql-common/createcluster.d; \
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/drd.conf; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl openjdk-21-jre-headless \
      "postgresql-client-${PG_MAJOR}" "postgresql-${PG_MAJOR}"; \
    "/usr/lib/postgresql/${PG_MAJOR}/bin/pg_dump" --version; \
    "/usr/lib/postgresql/${PG_MAJOR}/bin/postgres" --version; \
    java -version; \
    rm -rf /var/lib/apt/lists/*; \
    groupadd --gid 10001 drd; \
    useradd --uid 10001 --gid drd --home-dir /var/lib/drd --no-create-home \
      --shell /usr/sbin/nologin drd; \
    mkdir -p /etc/drd /var/lib/drd/restore; \
    chown -R drd:drd /var/lib/drd

# The config names this directory as postgres.binDir (${DRD_PG_BIN_DIR}), so that drd runs these
# programs and not whatever else is on PATH. DRD_CONFIG lets the CLI find the config by itself:
# docker compose exec drd java -jar /app/drd.jar backup list --target shop
ENV DRD_PG_BIN_DIR=/usr/lib/postgresql/${PG_MAJOR}/bin \
    DRD_CONFIG=/etc/drd/drd.yaml

WORKDIR /app
COPY --from=build /src/target/drd.jar /app/drd.jar
USER 10001:10001

# /health (liveness), /ready (readiness), /metrics (Prometheus): http.port in the config.
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8081/health"]

# Exec form, no shell: the JVM is the process that receives SIGTERM, drains the worker for up to
# shutdown.gracefulTimeout and exits 0. The container's stop timeout must be longer than that.
# More JVM flags: JAVA_TOOL_OPTIONS.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/drd.jar"]
CMD ["serve", "--config", "/etc/drd/drd.yaml"]
