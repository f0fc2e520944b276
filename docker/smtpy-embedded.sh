#!/bin/sh
# The embedded server's entry point, as ./smtpy run starts it: JVM options from jvm.options of $SMTPY_CONF unless
# JAVA_OPTS is set (it replaces them), the flags passed on, and exec so that SIGTERM reaches James (clean stop, exit 0).
set -eu
if [ -z "${JAVA_OPTS+set}" ]; then
    JAVA_OPTS="$(sed -e 's/#.*//' "$SMTPY_CONF/jvm.options" | tr '\n' ' ')"
fi
# shellcheck disable=SC2086
exec java $JAVA_OPTS -cp "/opt/smtpy/smtpy-server.jar:/opt/smtpy/lib/*" io.smtpy.server.SmtpyServerMain "$@"
