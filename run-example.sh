#!/bin/sh
# Builds the Lightway-J example (and the modules it needs) and runs it.
#   ./run-example.sh                      client + server in one process, 5% loss, FEC toggled mid-run
#   ./run-example.sh --loss 10% --fec 8,4 --duration 15s
#   ./run-example.sh --help
# Requires Java 17+ and Maven 3.8+.
set -e
cd "$(dirname "$0")"
mvn -B -ntp -q -pl lightway-examples -am package -DskipTests
exec java -jar lightway-examples/target/lightway-example.jar "$@"
